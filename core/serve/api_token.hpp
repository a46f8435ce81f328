// The management API's bearer token: read from its file, or created there on first start with a
// random value and mode 0600 (the directory 0700), so only the user who runs the host can read it.
#pragma once

#include <filesystem>
#include <string>

namespace pfhost::core::serve {

// $XDG_STATE_HOME/pfhost/api-token (or ~/.local/state/pfhost/api-token).
std::filesystem::path default_token_file();

// Returns the token in `file`, creating the file when it does not exist. Throws
// std::runtime_error naming the file and the OS reason, or when an existing file is readable by
// others (the token would not be a secret) or empty.
std::string load_or_create_token(const std::filesystem::path &file);

// Reads an existing token (what `pfhost ctl` does). Throws std::runtime_error naming the file.
std::string read_token(const std::filesystem::path &file);

}  // namespace pfhost::core::serve
