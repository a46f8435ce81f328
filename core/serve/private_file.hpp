// Secrets the host keeps on disk (the API token, the generated TLS key): files only the user who
// runs the host can read, created once and never overwritten.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace pfhost::core::serve {

// Throws std::runtime_error when `file` can be read by the group or others, naming it (`what`
// says what it is: "the API token file") and the chmod that fixes it.
void require_private(const std::filesystem::path &file, std::string_view what);

// Creates `file` with mode 0600 (its directory 0700 when it has to be made) holding `content`.
// Returns false, writing nothing, when the file already exists: two hosts starting at once must
// not both write (and disagree about) it. Throws std::runtime_error naming the file.
bool create_private_file(const std::filesystem::path &file, const std::string &content,
                         std::string_view what);

}  // namespace pfhost::core::serve
