// Where pfhost keeps files per user and per machine, in each OS's own convention (XDG base
// directories on Linux; %APPDATA%, %LOCALAPPDATA% and %ProgramData% on Windows).
#pragma once

#include <filesystem>
#include <vector>

namespace pfhost::core::os {

// host.toml locations after ./host.toml, most specific first: the user's config directory
// ($XDG_CONFIG_HOME/pfhost, else ~/.config/pfhost) and the machine's (/etc/pfhost). A relative
// $XDG_CONFIG_HOME is invalid by the XDG rules and ignored.
std::vector<std::filesystem::path> host_config_candidates();

// The host.toml search order in words, for help texts ("./host.toml, $XDG_CONFIG_HOME/pfhost/
// host.toml, /etc/pfhost/host.toml" or the %APPDATA% / %ProgramData% equivalent).
const char *host_config_search_text() noexcept;

// The per-user cache directory: $XDG_CACHE_HOME/pfhost, else ~/.cache/pfhost, else a per-user
// directory under the system's temporary directory.
std::filesystem::path cache_dir();

// The per-user state directory (things that must survive restarts but are not configuration):
// $XDG_STATE_HOME/pfhost, else ~/.local/state/pfhost, else beside the cache.
std::filesystem::path state_dir();

}  // namespace pfhost::core::os
