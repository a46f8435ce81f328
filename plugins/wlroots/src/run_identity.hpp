// Who the managed sway (and the app inside it) runs as.
//
// sway refuses to run as root ("Unable to drop root"). When the host is root:
//  - default: a user namespace (`unshare --user --map-user=1000 --map-group=1000`). No account
//    is needed and the files sway creates stay owned by the real root, so the host reaches the
//    Wayland socket without any permission change. Needs user
//    namespaces enabled (root can always create one unless a sysctl/seccomp forbids it).
//  - fallback / `run_as_user`: `setpriv --reuid --regid --clear-groups` to an account with a
//    passwd entry (default "nobody"); the runtime dir is chowned to it, root reaches it anyway.
// A normal user runs sway as itself.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace pfhost::wlroots {

struct RunIdentity {
  enum class Kind { kSelf, kUserNamespace, kAccount };
  Kind kind = Kind::kSelf;
  std::string user;  // kAccount
  uid_t uid = 0;
  gid_t gid = 0;

  // Wrapper argv that goes in front of the program's argv (empty for kSelf).
  std::vector<std::string> command_prefix() const;
  std::string describe() const;
};

// kSelf for a normal user; for root: kAccount when `run_as_user` is set, else kUserNamespace.
// Throws pfhost::Error(INVALID_ARGUMENT) for an unknown account.
RunIdentity choose_identity(const std::string &run_as_user);
RunIdentity account_identity(const std::string &user);

}  // namespace pfhost::wlroots
