// The pure parts of the xdg-desktop-portal ScreenCast conversation: Request object paths, the
// Response signal's status codes and the "streams" result of Start. Unit-tested without a portal.
#pragma once

#include <sdbus-c++/Types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::wlroots {

using PortalResults = std::map<std::string, sdbus::Variant>;

struct PortalStream {
  uint32_t node_id = 0;
  int32_t width = 0;  // 0 when the portal did not say
  int32_t height = 0;
};

// "/org/freedesktop/portal/desktop/request/<sender>/<token>" where <sender> is the caller's
// unique bus name without the ':' and with '.' turned into '_' (the portal spec's rule).
std::string portal_request_path(const std::string &unique_name, const std::string &token);
// nullopt for response 0 (success); otherwise what went wrong, in words a user can act on.
std::optional<std::string> portal_response_error(uint32_t response, const std::string &step);
// The streams of a Start response ("streams": a(ua{sv})). Throws pfhost::Error(IO) when absent.
std::vector<PortalStream> parse_portal_streams(const PortalResults &results);

}  // namespace pfhost::wlroots
