// The configuration used when no host.toml exists. It is ordinary host.toml text, parsed by the
// same parser, so it doubles as a commented example (see docs/host-toml.md for the reference).
#include "config/host_config.hpp"

namespace pfhost::core {

std::string_view builtin_host_config_text() {
  return R"toml(# pfhost built-in default configuration.
# Used when neither --config nor ./host.toml, $XDG_CONFIG_HOME/pfhost/host.toml (default
# ~/.config/pfhost/host.toml) or /etc/pfhost/host.toml exists. Copy it to one of those places to
# change it. Every key is optional; a missing key keeps the value shown here.

[host]
# Directories scanned for plugins (*.so). "$ORIGIN" is the directory of the pfhost executable;
# relative paths are relative to the directory of this file.
plugin_dirs = ["$ORIGIN/../lib/pfhost/plugins"]
# Single plugin files to load in addition to the directories.
plugin_files = []
# Each plugin's probe runs in a child process that is killed after this long (50..60000).
probe_timeout_ms = 2000
# Where probe results are cached; "" means $XDG_CACHE_HOME/pfhost (or ~/.cache/pfhost).
cache_dir = ""
# trace, debug, info, warn, error or off.
log_level = "info"

[backends]
# For each kind, "auto" (the best-ranked backend that probes OK) or an ordered list of backend
# names, e.g. display = ["kwin", "wlroots"]; the first that probes OK is used.
display = "auto"
capture = "auto"
encode = "auto"

[display]
# How long a virtual display outlives its last session: "off", "forever" or a duration such as
# "500ms", "10s", "2m", "1h". A client that reconnects within that time gets its display back.
keep_alive = "10s"
# At most this many virtual displays exist at once (1..64); kept displays are evicted first.
max_displays = 4
# "separate": every session gets its own display; "join": sessions asking for the same backend
# and mode share one.
sharing = "separate"

[stream]
# What a session sends while the screen does not change (compositors send frames only on damage).
# "variable": the last frame again only every idle_repeat, so a static desktop costs almost no CPU
# or bandwidth; "constant": the last frame again in every frame slot, for tools that need a
# constant frame rate. Raw .h264/.hevc/.obu files, which have no timestamps, are always constant.
frame_rate = "variable"
# With frame_rate = "variable": how often an unchanged screen is sent again ("100ms".."10s").
idle_repeat = "1s"

[serve]
# `pfhost serve`: where SRT callers connect (ADDR:PORT; port 0 picks a free one). Listening beyond
# loopback needs srt_passphrase or srt_token.
srt_listen = "127.0.0.1:9710"
# The management API and web pages (HTTP/JSON). Listening beyond loopback is https only: with
# tls_cert/tls_key, or else a self-signed pair generated into the state directory.
api_listen = "127.0.0.1:9780"
# SRT receiver latency in ms (20..8000); tens of ms suit a LAN.
srt_latency_ms = 120
# "" or 10..79 characters: SRT's AES encryption; callers must give the same passphrase.
srt_passphrase = ""
# "" or a token every caller must send in its streamid (t=TOKEN or token=TOKEN).
srt_token = ""
# Sessions at once (0: no limit); a caller beyond it is refused (SRT reject 1402).
max_sessions = 4
# Encoder bitrate of each session in kbit/s.
bitrate_kbps = 8000
# The API's bearer token file, created 0600 on first start; "": $XDG_STATE_HOME/pfhost/api-token.
token_file = ""
# The API's TLS certificate and private key (PEM; both or neither). Set: https even on loopback.
tls_cert = ""
tls_key = ""
# Host names the API answers to besides localhost, 127.0.0.1 and [::1], e.g. ["studio.lan"].
allowed_hosts = []

# One table per plugin, handed to that plugin as flattened keys, for example:
# [plugins.software]
# preset = "veryfast"
)toml";
}

HostConfig builtin_host_config() {
  HostConfig config = parse_host_config(builtin_host_config_text(), "<built-in default>");
  config.source.clear();
  return config;
}

}  // namespace pfhost::core
