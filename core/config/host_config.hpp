// The host's configuration, as read from host.toml (or the built-in default).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace pfhost::core {

// A per-kind backend choice: "auto" (rank order among backends that probe OK) or an ordered list.
struct BackendPreference {
  bool automatic = true;
  std::vector<std::string> order;  // used when !automatic

  bool operator==(const BackendPreference &) const = default;
};

// How long a display outlives its last session.
struct KeepAlive {
  enum class Kind { off, duration, forever };
  Kind kind = Kind::duration;
  std::chrono::milliseconds duration{10'000};  // used when kind == duration; "0s" reads as off

  bool operator==(const KeepAlive &) const = default;
};

enum class DisplaySharing { separate, join };

struct DisplayPolicy {
  // Default: a reconnect within a few seconds gets its display back.
  KeepAlive keep_alive{};
  uint32_t max_displays = 4;
  DisplaySharing sharing = DisplaySharing::separate;

  bool operator==(const DisplayPolicy &) const = default;
};

// [stream]: what every session sends while the screen does not change.
struct StreamPolicy {
  // false: an unchanged screen is sent again only every idle_repeat (a variable frame rate, all
  // timestamps on the rate's grid), so a static desktop costs almost nothing; true: the last
  // frame again in every slot, for tools that need a constant frame rate.
  bool constant_frame_rate = false;
  std::chrono::milliseconds idle_repeat{1000};

  bool operator==(const StreamPolicy &) const = default;
};

// [serve]: what `pfhost serve` listens on and how it admits clients (the command line overrides).
struct ServeConfig {
  std::string srt_listen = "127.0.0.1:9710";  // ADDR:PORT; port 0 picks a free one
  std::string api_listen = "127.0.0.1:9780";
  uint32_t srt_latency_ms = 120;
  std::string srt_passphrase;    // empty: unencrypted; else 10..79 characters (AES)
  std::string srt_token;         // empty: none; else callers must send it (t= / token=)
  uint32_t max_sessions = 4;     // 0: no limit
  uint32_t bitrate_kbps = 8000;  // per session
  // The management API's bearer token; empty: $XDG_STATE_HOME/pfhost/api-token. A relative path
  // in the file is resolved against the file's directory.
  std::string token_file;
  // The API listener's TLS pair (PEM files, both or neither; relative paths as token_file). Set:
  // the API speaks https. Unset with a non-loopback api_listen: a self-signed pair is generated
  // into the state directory and reused.
  std::string tls_cert;
  std::string tls_key;
  // Names the API's Host header may carry besides localhost, 127.0.0.1 and [::1] (e.g. the name
  // other machines reach this one by); anything else is refused (DNS rebinding).
  std::vector<std::string> allowed_hosts;

  bool operator==(const ServeConfig &) const = default;
};

// One value of a plugin's [plugins.<name>] table; nested tables are flattened to dotted keys and
// array elements to "key[i]".
using PluginSettingValue = std::variant<std::string, int64_t, double, bool>;
using PluginSettings = std::map<std::string, PluginSettingValue>;

struct HostConfig {
  // The file this came from; empty for the built-in default.
  std::filesystem::path source;
  // Directories scanned for plugins ("*.so"), and single plugin files. Relative paths in the file
  // are resolved against the file's directory; "$ORIGIN" means the pfhost executable's directory.
  std::vector<std::string> plugin_dirs{"$ORIGIN/../lib/pfhost/plugins"};
  std::vector<std::string> plugin_files;
  // Each plugin's availability probe runs in a child process killed after this long.
  std::chrono::milliseconds probe_timeout{2000};
  // Where the plugin descriptor cache lives; empty = $XDG_CACHE_HOME/pfhost (or ~/.cache/pfhost).
  // A relative path in the file is resolved against the file's directory, like plugin_dirs.
  std::string cache_dir;
  std::string log_level = "info";

  BackendPreference display;
  BackendPreference capture;
  BackendPreference encode;
  DisplayPolicy display_policy;
  StreamPolicy stream;
  ServeConfig serve;

  std::map<std::string, PluginSettings> plugins;

  bool operator==(const HostConfig &) const = default;
};

// A configuration error. what() reads "FILE:LINE:COLUMN: key 'a.b': what is wrong (hint)"; when a
// file has several errors, one such line per error, in file order.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses host.toml text; `source` names the file in errors and anchors relative paths. The result's
// `source` is `source`.
HostConfig parse_host_config(std::string_view text, const std::filesystem::path &source);

// Reads and parses a file. Throws ConfigError (also when the file cannot be read).
HostConfig load_host_config(const std::filesystem::path &file);

// The built-in default configuration as host.toml text (documented, parsed by parse_host_config).
std::string_view builtin_host_config_text();

// builtin_host_config_text() parsed (errors would name "<built-in default>"), with an empty source.
HostConfig builtin_host_config();

// The files find_host_config() tries, in order, for the current directory and environment; a
// candidate whose variables are unset (no $HOME) is left out.
std::vector<std::filesystem::path> host_config_search_paths();

// The search order when --config is not given: ./host.toml, $XDG_CONFIG_HOME/pfhost/host.toml
// (or ~/.config/pfhost/host.toml), /etc/pfhost/host.toml. Returns the first that exists.
std::optional<std::filesystem::path> find_host_config();

// --config FILE if given, else the first file of the search order, else the built-in default.
HostConfig resolve_host_config(const std::optional<std::filesystem::path> &explicit_file);

}  // namespace pfhost::core
