// The project's one logging header. spdlog stays behind log.cpp so that only one translation
// unit pays for its templates; everything else formats with std::format-free plain strings.
#pragma once

#include <string>
#include <string_view>

namespace pfhost::core::log {

enum class Level { trace, debug, info, warn, error, off };

// Parses "trace|debug|info|warn|error|off"; std::nullopt-like false on anything else.
bool parse_level(std::string_view text, Level &out);

// Sets the threshold of every logger (the host's and the per-plugin ones).
void set_level(Level level);
Level level();

// Writes one line. `source` is "pfhost" for the host or the plugin's name for plugin lines.
void write(Level level, std::string_view source, std::string_view message);

inline void trace(std::string_view m) {
  write(Level::trace, "pfhost", m);
}
inline void debug(std::string_view m) {
  write(Level::debug, "pfhost", m);
}
inline void info(std::string_view m) {
  write(Level::info, "pfhost", m);
}
inline void warn(std::string_view m) {
  write(Level::warn, "pfhost", m);
}
inline void error(std::string_view m) {
  write(Level::error, "pfhost", m);
}

}  // namespace pfhost::core::log
