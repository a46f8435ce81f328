#include "logging/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>

namespace pfhost::core::log {
namespace {

std::atomic<Level> g_level{Level::info};

spdlog::level::level_enum to_spdlog(Level level) {
  switch (level) {
    case Level::trace:
      return spdlog::level::trace;
    case Level::debug:
      return spdlog::level::debug;
    case Level::info:
      return spdlog::level::info;
    case Level::warn:
      return spdlog::level::warn;
    case Level::error:
      return spdlog::level::err;
    case Level::off:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

// Logs go to stderr so stdout stays clean for machine-readable output (--json).
spdlog::logger &logger() {
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    auto created = std::make_shared<spdlog::logger>("pfhost", sink);
    created->set_pattern("%H:%M:%S.%e %^%-5l%$ [%v");
    created->set_level(spdlog::level::trace);  // filtering happens in write()
    return created;
  }();
  return *instance;
}

}  // namespace

bool parse_level(std::string_view text, Level &out) {
  static constexpr std::pair<std::string_view, Level> kNames[] = {
      {"trace", Level::trace}, {"debug", Level::debug}, {"info", Level::info},
      {"warn", Level::warn},   {"error", Level::error}, {"off", Level::off}};
  for (const auto &[name, value] : kNames) {
    if (text == name) {
      out = value;
      return true;
    }
  }
  return false;
}

void set_level(Level level) {
  g_level.store(level, std::memory_order_relaxed);
}
Level level() {
  return g_level.load(std::memory_order_relaxed);
}

void write(Level lvl, std::string_view source, std::string_view message) {
  if (lvl < g_level.load(std::memory_order_relaxed) || lvl == Level::off) return;
  // "[source] message": the pattern above opens the bracket so the source reads as a tag.
  logger().log(to_spdlog(lvl), "{}] {}", source, message);
}

}  // namespace pfhost::core::log
