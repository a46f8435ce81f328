// Readers for the tables of host.toml (internal). Each checks its keys, reports what is wrong into
// the reader's Diagnostics and stores what is right into the config.
#pragma once

#include <filesystem>
#include <string_view>

#include "config/host_config.hpp"
#include "config/table_reader.hpp"

namespace pfhost::core::config {

inline constexpr std::string_view kHostKeys[] = {"plugin_dirs", "plugin_files", "probe_timeout_ms",
                                                 "cache_dir", "log_level"};
inline constexpr std::string_view kBackendKeys[] = {"display", "capture", "encode"};
inline constexpr std::string_view kDisplayKeys[] = {"keep_alive", "max_displays", "sharing"};
inline constexpr std::string_view kStreamKeys[] = {"frame_rate", "idle_repeat"};
inline constexpr std::string_view kServeKeys[] = {
    "srt_listen", "api_listen",   "srt_latency_ms", "srt_passphrase",
    "srt_token",  "max_sessions", "bitrate_kbps",   "token_file",
    "tls_cert",   "tls_key",      "allowed_hosts"};

// [host]; relative paths are resolved against `base_dir` (the config file's directory).
void read_host_table(const TableReader &table, const std::filesystem::path &base_dir,
                     HostConfig &config);
// [backends]
void read_backends_table(const TableReader &table, HostConfig &config);
// [display]
void read_display_table(const TableReader &table, DisplayPolicy &policy);
// [stream]
void read_stream_table(const TableReader &table, StreamPolicy &policy);
// [serve]; a relative token_file is resolved against `base_dir`.
void read_serve_table(const TableReader &table, const std::filesystem::path &base_dir,
                      ServeConfig &serve);
// [plugins]: one [plugins.<name>] table per plugin, flattened.
void read_plugins_table(const TableReader &table, std::map<std::string, PluginSettings> &plugins);

}  // namespace pfhost::core::config
