// pfhost plugin ABI — header-only C++ helper that reads a plugin's [plugins.<name>] table from
// host.toml through the host services, with one policy for every plugin (C++17 or newer).
//
// Every plugin used to hand-write its own range checks and its own idea of what an unknown key
// means (a warning, an error, nothing). Users then saw a typo ignored by one plugin and fatal in
// the next. This header gives them one behaviour:
//
//   pfhost::ConfigReader config(host, "mine");           in init(), after pfhost::Host host(api)
//   config.get_string("binary", "mine")                  typed getters with defaults
//   config.get_int("buffers", 4, 2, 8)                   ranged integers (get_double too)
//   config.get_milliseconds("timeout_ms", 5s, 100, 60000)  a ranged *_ms key as a duration
//   config.get_string_array("app")                       "app[0]", "app[1]"... as a vector
//   config.allow("legacy_key")                           a key read some other way
//   context->config_error = config.unknown_key_error();  at the end of init: keep the verdict
//   pfhost::check_config(context->config_error);         first thing in every probe
//
// A plugin whose whole state is its settings need not write init() at all:
//   using PluginContext = pfhost::SettingsContext<MySettings>;
//   init: &PluginContext::init<read_my_settings>, deinit: &pfhost::delete_context<PluginContext>
//   const PluginContext &context = PluginContext::of(plugin_ctx);   in each backend call
//
// The policy:
//  - A key of the wrong type, or a value outside its range, throws pfhost::Error(
//    PFHOST_E_INVALID_ARGUMENT) from the getter, naming the plugin, the key, the value and what is
//    allowed ("[plugins.mine] buffers = 12 is out of range: allowed 2..8"). Inside init() (in
//    pfhost::guarded) that fails init with that reason.
//  - Every key a getter asked for, present or not, is known; so is every "key[N]" of an array the
//    plugin read, and every key passed to allow(). Any other key in the table is an ERROR:
//    "[plugins.mine] unknown key 'bufers' (did you mean 'buffers'?)". It is reported by probe, not
//    init, so `pfhost --list-backends` shows it on each of the plugin's backend rows as the probe's
//    verdict (failed: ...) and the backends are not selected, while init itself still succeeds.
//    A key meant for a newer plugin is an error too: silently running without a setting the user
//    asked for is worse than saying so.
//
// A ConfigReader is used on one thread (init's) and only while init runs; it keeps the Host (which
// is cheap to copy and valid for the life of the process). Nothing here is exported from the
// plugin: everything is inline.
#ifndef PFHOST_PLUGIN_CONFIG_HPP
#define PFHOST_PLUGIN_CONFIG_HPP

#include <pfhost/plugin.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pfhost {

// Edit distance between two keys: Levenshtein, with an adjacent transposition ("bianry") counting
// as one edit, because swapped letters are the most common typo in a hand-written key.
inline size_t config_key_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// The known key nearest to `key`, when it is close enough to be a plausible typo: at most a third
// of the key wrong, but always two edits allowed (the same rule host.toml's own keys use). Ties go
// to the earlier candidate.
inline std::optional<std::string> nearest_config_key(std::string_view key,
                                                     const std::vector<std::string> &known) {
  const size_t limit = std::max<size_t>(2, key.size() / 3);
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  for (const std::string &candidate : known) {
    const size_t distance = config_key_distance(key, candidate);
    // A distance as long as the words themselves is no suggestion ("ab" for "xy").
    if (distance < best_distance && distance < std::max(key.size(), candidate.size())) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

// [probe] Reports the verdict ConfigReader::unknown_key_error() gave at init: throws
// pfhost::Error(PFHOST_E_INVALID_ARGUMENT, error) unless it is empty. Call it inside guarded().
inline void check_config(const std::string &error) {
  if (!error.empty()) throw Error(PFHOST_E_INVALID_ARGUMENT, error);
}

class ConfigReader {
 public:
  // `plugin` is the plugin's name, as in its descriptor: every message starts "[plugins.<plugin>]".
  ConfigReader(Host host, std::string plugin)
      : host_(std::move(host)), plugin_(std::move(plugin)) {}

  const std::string &plugin() const noexcept { return plugin_; }

  // Strings. std::nullopt (or `fallback`) when the key is absent.
  std::optional<std::string> get_string(std::string_view key) {
    remember(key);
    const char *out = nullptr;
    const pfhost_host_api &api = host_.api();
    const std::string k(key);
    if (!found(api.config_get_string ? api.config_get_string(api.host_ctx, k.c_str(), &out)
                                     : PFHOST_E_NOT_FOUND,
               key, "a string"))
      return std::nullopt;
    return std::string(out != nullptr ? out : "");
  }
  std::string get_string(std::string_view key, std::string fallback) {
    std::optional<std::string> value = get_string(key);
    return value ? std::move(*value) : std::move(fallback);
  }

  bool get_bool(std::string_view key, bool fallback) {
    remember(key);
    int32_t out = 0;
    const pfhost_host_api &api = host_.api();
    const std::string k(key);
    if (!found(api.config_get_bool ? api.config_get_bool(api.host_ctx, k.c_str(), &out)
                                   : PFHOST_E_NOT_FOUND,
               key, "a boolean (true or false)"))
      return fallback;
    return out != 0;
  }

  // Integers, optionally limited to [min, max] (inclusive).
  int64_t get_int(std::string_view key, int64_t fallback) {
    return get_int(key, fallback, INT64_MIN, INT64_MAX);
  }
  int64_t get_int(std::string_view key, int64_t fallback, int64_t min, int64_t max) {
    remember(key);
    int64_t out = 0;
    const pfhost_host_api &api = host_.api();
    const std::string k(key);
    if (!found(api.config_get_int ? api.config_get_int(api.host_ctx, k.c_str(), &out)
                                  : PFHOST_E_NOT_FOUND,
               key, "an integer"))
      return fallback;
    if (out < min || out > max) throw out_of_range(key, std::to_string(out), range(min, max));
    return out;
  }

  // Numbers (an integer in host.toml converts), optionally limited to [min, max].
  double get_double(std::string_view key, double fallback) {
    return get_double(key, fallback, -HUGE_VAL, HUGE_VAL);
  }
  double get_double(std::string_view key, double fallback, double min, double max) {
    remember(key);
    double out = 0;
    const pfhost_host_api &api = host_.api();
    const std::string k(key);
    if (!found(api.config_get_double ? api.config_get_double(api.host_ctx, k.c_str(), &out)
                                     : PFHOST_E_NOT_FOUND,
               key, "a number"))
      return fallback;
    // !(in range) rather than (out of range), so NaN is refused too.
    if (!(out >= min && out <= max)) throw out_of_range(key, text(out), range(min, max));
    return out;
  }

  // A duration given in whole milliseconds ("*_ms" keys), limited to [min_ms, max_ms].
  std::chrono::milliseconds get_milliseconds(std::string_view key,
                                             std::chrono::milliseconds fallback, int64_t min_ms,
                                             int64_t max_ms) {
    return std::chrono::milliseconds(get_int(key, fallback.count(), min_ms, max_ms));
  }

  // An array of strings, which the host hands over as "key[0]", "key[1]"... (host.h).
  // std::nullopt (or `fallback`) when the array is absent or empty.
  std::optional<std::vector<std::string>> get_string_array(std::string_view key) {
    remember(key);
    arrays_.emplace_back(key);
    std::vector<std::string> values;
    const pfhost_host_api &api = host_.api();
    for (size_t i = 0;; ++i) {
      const std::string element = std::string(key) + "[" + std::to_string(i) + "]";
      const char *out = nullptr;
      if (!found(api.config_get_string ? api.config_get_string(api.host_ctx, element.c_str(), &out)
                                       : PFHOST_E_NOT_FOUND,
                 element, "a string"))
        break;
      values.emplace_back(out != nullptr ? out : "");
    }
    if (values.empty()) return std::nullopt;
    return values;
  }
  std::vector<std::string> get_string_array(std::string_view key,
                                            std::vector<std::string> fallback) {
    std::optional<std::vector<std::string>> values = get_string_array(key);
    return values ? std::move(*values) : std::move(fallback);
  }

  // Marks a key as known without reading it through this reader.
  void allow(std::string_view key) { remember(key); }

  // [end of init] Every key of the table that no getter asked for and allow() did not name, as one
  // error sentence ("[plugins.mine] unknown key 'bufers' (did you mean 'buffers'?)"; several keys
  // are joined with "; "). Empty when the table holds only known keys, or when the host cannot
  // enumerate keys. Keep it and hand it to check_config() in probe.
  std::string unknown_key_error() const {
    const pfhost_host_api &api = host_.api();
    if (api.config_key_at == nullptr) return {};
    std::string error;
    for (uint32_t i = 0;; ++i) {
      const char *raw = api.config_key_at(api.host_ctx, i);
      if (raw == nullptr) break;
      const std::string_view key(raw);
      if (is_known(key)) continue;
      if (!error.empty()) error += "; ";
      error += "[plugins." + plugin_ + "] unknown key '" + std::string(key) + "'";
      if (const auto nearest = nearest_config_key(key, known_))
        error += " (did you mean '" + *nearest + "'?)";
    }
    return error;
  }

 private:
  void remember(std::string_view key) {
    if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  }

  // "key[N]" of an array the plugin read.
  bool is_known(std::string_view key) const {
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) return true;
    const size_t open = key.find('[');
    if (open == std::string_view::npos || key.back() != ']') return false;
    const std::string_view name = key.substr(0, open);
    const std::string_view index = key.substr(open + 1, key.size() - open - 2);
    return !index.empty() &&
           std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           std::find(arrays_.begin(), arrays_.end(), name) != arrays_.end();
  }

  bool found(pfhost_status status, std::string_view key, const char *expected) const {
    if (status == PFHOST_OK) return true;
    if (status == PFHOST_E_NOT_FOUND) return false;
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "[plugins." + plugin_ + "] " + std::string(key) + " must be " + expected);
  }

  Error out_of_range(std::string_view key, const std::string &value,
                     const std::string &allowed) const {
    return Error(PFHOST_E_INVALID_ARGUMENT, "[plugins." + plugin_ + "] " + std::string(key) +
                                                " = " + value + " is out of range: allowed " +
                                                allowed);
  }

  static std::string text(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
  }
  static std::string range(int64_t min, int64_t max) {
    if (max == INT64_MAX) return "at least " + std::to_string(min);
    if (min == INT64_MIN) return "at most " + std::to_string(max);
    return std::to_string(min) + ".." + std::to_string(max);
  }
  static std::string range(double min, double max) {
    if (max == HUGE_VAL) return "at least " + text(min);
    if (min == -HUGE_VAL) return "at most " + text(max);
    return text(min) + ".." + text(max);
  }

  Host host_;
  std::string plugin_;
  std::vector<std::string> known_;   // every key asked for, in the order asked
  std::vector<std::string> arrays_;  // names read with get_string_array
};

// The context of a plugin whose whole state is its settings: the host, the settings the plugin's
// own reader made from its [plugins.<name>] table, and the verdict on unknown keys that its
// probes report through check_config(). Read is `Settings read(const Host &, std::string
// *config_error)`: it throws pfhost::Error for a bad value and stores the unknown-key verdict.
template <class Settings>
struct SettingsContext {
  Host host;
  Settings config;
  std::string config_error;

  // [init's thread] The plugin's init(): reads the settings and stores a new SettingsContext in
  // *plugin_ctx (owned by the host; pfhost::delete_context<SettingsContext> frees it).
  // PFHOST_E_INVALID_ARGUMENT when plugin_ctx is NULL or a value is wrong (the reason names the
  // key); an unknown key still succeeds here and fails the probes.
  template <Settings (*Read)(const Host &, std::string *)>
  static pfhost_status init(const pfhost_host_api *host_api, void **plugin_ctx,
                            pfhost_reason *reason) noexcept {
    return guarded(reason, [&] {
      if (plugin_ctx == nullptr) throw Error(PFHOST_E_INVALID_ARGUMENT, "plugin_ctx is NULL");
      auto context = std::make_unique<SettingsContext>();
      context->host = Host(host_api);
      context->config = Read(context->host, &context->config_error);
      *plugin_ctx = context.release();
    });
  }

  // [any thread] The context init() made, or the default settings for a host that never called
  // init(); never NULL, never changed after init.
  static const SettingsContext &of(void *plugin_ctx) noexcept {
    static const SettingsContext defaults{};
    return plugin_ctx != nullptr ? *static_cast<const SettingsContext *>(plugin_ctx) : defaults;
  }
};

}  // namespace pfhost

#endif  // PFHOST_PLUGIN_CONFIG_HPP
