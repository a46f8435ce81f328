#include "run_identity.hpp"

#include <pfhost/plugin.hpp>

#include <pwd.h>
#include <unistd.h>

namespace pfhost::wlroots {

namespace {
// The uid sway sees inside the namespace: any non-zero id does; 1000 is the usual first user.
constexpr const char *kNamespaceId = "1000";
}  // namespace

std::vector<std::string> RunIdentity::command_prefix() const {
  switch (kind) {
    case Kind::kUserNamespace:
      return {"unshare", "--user", std::string("--map-user=") + kNamespaceId,
              std::string("--map-group=") + kNamespaceId, "--"};
    case Kind::kAccount:
      return {"setpriv", "--reuid=" + std::to_string(uid), "--regid=" + std::to_string(gid),
              "--clear-groups", "--"};
    default:
      return {};
  }
}

std::string RunIdentity::describe() const {
  switch (kind) {
    case Kind::kUserNamespace:
      return "root mapped to uid 1000 in a user namespace";
    case Kind::kAccount:
      return "user '" + user + "' (uid " + std::to_string(uid) + ")";
    default:
      return "the current user";
  }
}

RunIdentity account_identity(const std::string &user) {
  passwd entry{};
  passwd *found = nullptr;
  std::vector<char> buffer(16384);
  if (::getpwnam_r(user.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 ||
      found == nullptr)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "[plugins.wlroots] run_as_user: no account named '" + user +
                    "' (sway needs an "
                    "account with a passwd entry; create one with useradd or use \"nobody\")");
  if (found->pw_uid == 0)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "[plugins.wlroots] run_as_user: '" + user +
                                               "' is root; sway refuses to run as root");
  RunIdentity identity;
  identity.kind = RunIdentity::Kind::kAccount;
  identity.user = user;
  identity.uid = found->pw_uid;
  identity.gid = found->pw_gid;
  return identity;
}

RunIdentity choose_identity(const std::string &run_as_user) {
  if (::geteuid() != 0) return {};
  if (!run_as_user.empty()) return account_identity(run_as_user);
  RunIdentity identity;
  identity.kind = RunIdentity::Kind::kUserNamespace;
  return identity;
}

}  // namespace pfhost::wlroots
