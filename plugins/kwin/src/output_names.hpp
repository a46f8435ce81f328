// The names pfhost gives KWin's virtual outputs. KWin remembers per-output settings (scale,
// position, HDR...) by output name, so a client that gives an identity gets the same name every
// time; names of displays alive at the same moment never collide.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace pfhost::kwin {

// `client_id` reduced to [A-Za-z0-9._-] (at most 40 characters); when that changed it, a hash
// of the original is appended so different identities stay different.
std::string sanitize_identity(std::string_view client_id);

class OutputNames {
 public:
  explicit OutputNames(std::string prefix = "pfhost") : prefix_(std::move(prefix)) {}

  // "<prefix>-<identity>" for a client identity (NULL or empty: "<prefix>-display-<n>", the
  // smallest n free), with "-2", "-3"... when that name is already in use. [any thread]
  std::string claim(const char *client_id);
  // Frees a name claim() returned. [any thread]
  void release(const std::string &name);

 private:
  std::string first_free(const std::string &base, int first_suffix);

  std::string prefix_;
  std::mutex mutex_;
  std::set<std::string> in_use_;
};

}  // namespace pfhost::kwin
