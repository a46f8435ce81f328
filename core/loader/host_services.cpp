#include "loader/host_services.hpp"

#include <pfhost/plugin.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "logging/log.hpp"

namespace pfhost::core {
namespace {

struct ServiceContext {
  std::string plugin_name;
  PluginSettings settings;                // map nodes never move, so c_str() of values stays valid
  std::vector<const std::string *> keys;  // config_key_at order = the map's (sorted) order
  pfhost_host_api api{};
};

log::Level to_level(int32_t level) {
  switch (level) {
    case PFHOST_LOG_TRACE:
      return log::Level::trace;
    case PFHOST_LOG_DEBUG:
      return log::Level::debug;
    case PFHOST_LOG_WARN:
      return log::Level::warn;
    case PFHOST_LOG_ERROR:
      return log::Level::error;
    default:
      return log::Level::info;  // PFHOST_LOG_INFO and levels a newer plugin may send
  }
}

ServiceContext &ctx_of(void *host_ctx) {
  return *static_cast<ServiceContext *>(host_ctx);
}

const PluginSettingValue *find(void *host_ctx, const char *key) {
  if (host_ctx == nullptr || key == nullptr) return nullptr;
  const auto &settings = ctx_of(host_ctx).settings;
  auto it = settings.find(key);
  return it == settings.end() ? nullptr : &it->second;
}

void log_line(void *host_ctx, int32_t level, const char *message) {
  if (host_ctx == nullptr || message == nullptr) return;
  try {
    log::write(to_level(level), ctx_of(host_ctx).plugin_name, message);
  } catch (...) {  // nothing may unwind into the plugin
  }
}

pfhost_status get_string(void *host_ctx, const char *key, const char **out) {
  const auto *value = find(host_ctx, key);
  if (value == nullptr) return PFHOST_E_NOT_FOUND;
  const auto *text = std::get_if<std::string>(value);
  if (text == nullptr) return PFHOST_E_INVALID_ARGUMENT;
  if (out != nullptr) *out = text->c_str();
  return PFHOST_OK;
}

pfhost_status get_int(void *host_ctx, const char *key, int64_t *out) {
  const auto *value = find(host_ctx, key);
  if (value == nullptr) return PFHOST_E_NOT_FOUND;
  const auto *number = std::get_if<int64_t>(value);
  if (number == nullptr) return PFHOST_E_INVALID_ARGUMENT;
  if (out != nullptr) *out = *number;
  return PFHOST_OK;
}

pfhost_status get_double(void *host_ctx, const char *key, double *out) {
  const auto *value = find(host_ctx, key);
  if (value == nullptr) return PFHOST_E_NOT_FOUND;
  double result = 0;
  if (const auto *d = std::get_if<double>(value)) {
    result = *d;
  } else if (const auto *i = std::get_if<int64_t>(value)) {
    result = static_cast<double>(*i);  // the ABI promises integers convert
  } else {
    return PFHOST_E_INVALID_ARGUMENT;
  }
  if (out != nullptr) *out = result;
  return PFHOST_OK;
}

pfhost_status get_bool(void *host_ctx, const char *key, int32_t *out) {
  const auto *value = find(host_ctx, key);
  if (value == nullptr) return PFHOST_E_NOT_FOUND;
  const auto *flag = std::get_if<bool>(value);
  if (flag == nullptr) return PFHOST_E_INVALID_ARGUMENT;
  if (out != nullptr) *out = *flag ? 1 : 0;
  return PFHOST_OK;
}

const char *key_at(void *host_ctx, uint32_t index) {
  if (host_ctx == nullptr) return nullptr;
  const auto &keys = ctx_of(host_ctx).keys;
  return index < keys.size() ? keys[index]->c_str() : nullptr;
}

uint64_t now_ns(void *) {
  // steady_clock is CLOCK_MONOTONIC on Linux, the clock frame timestamps are defined in.
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace

const pfhost_host_api *make_host_services(std::string plugin_name, PluginSettings settings) {
  static std::mutex mutex;
  static auto *contexts = new std::deque<std::unique_ptr<ServiceContext>>;  // never freed

  auto ctx = std::make_unique<ServiceContext>();
  ctx->plugin_name = std::move(plugin_name);
  ctx->settings = std::move(settings);
  for (const auto &entry : ctx->settings) ctx->keys.push_back(&entry.first);
  pfhost_host_api &api = ctx->api;
  api = make_struct<pfhost_host_api>();
  api.abi_major = PFHOST_ABI_MAJOR;
  api.abi_minor = PFHOST_ABI_MINOR;
  api.host_ctx = ctx.get();
  api.log = log_line;
  api.config_get_string = get_string;
  api.config_get_int = get_int;
  api.config_get_double = get_double;
  api.config_get_bool = get_bool;
  api.config_key_at = key_at;
  api.now_ns = now_ns;

  std::lock_guard lock(mutex);
  contexts->push_back(std::move(ctx));
  return &contexts->back()->api;
}

}  // namespace pfhost::core
