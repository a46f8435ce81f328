#include "portal_response.hpp"

#include <pfhost/plugin.hpp>

#include <sdbus-c++/Error.h>

namespace pfhost::wlroots {

std::string portal_request_path(const std::string &unique_name, const std::string &token) {
  std::string sender = unique_name;
  if (!sender.empty() && sender.front() == ':') sender.erase(0, 1);
  for (char &c : sender)
    if (c == '.') c = '_';
  return "/org/freedesktop/portal/desktop/request/" + sender + "/" + token;
}

std::optional<std::string> portal_response_error(uint32_t response, const std::string &step) {
  switch (response) {
    case 0:
      return std::nullopt;
    case 1:
      return "the screen-cast portal's " + step + " was cancelled by the user";
    default:
      return "the screen-cast portal's " + step + " failed (response " + std::to_string(response) +
             "; see the xdg-desktop-portal and its backend's log)";
  }
}

std::vector<PortalStream> parse_portal_streams(const PortalResults &results) {
  const auto it = results.find("streams");
  if (it == results.end())
    throw Error(PFHOST_E_IO, "the screen-cast portal's Start returned no streams");
  using StreamEntry = sdbus::Struct<uint32_t, std::map<std::string, sdbus::Variant>>;
  std::vector<StreamEntry> entries;
  try {
    entries = it->second.get<std::vector<StreamEntry>>();
  } catch (const sdbus::Error &e) {
    throw Error(PFHOST_E_IO,
                std::string("the screen-cast portal's streams are malformed: ") + e.getMessage());
  }
  std::vector<PortalStream> streams;
  for (const auto &entry : entries) {
    PortalStream stream;
    stream.node_id = std::get<0>(entry);
    const auto &properties = std::get<1>(entry);
    if (const auto size = properties.find("size"); size != properties.end()) {
      try {
        const auto wh = size->second.get<sdbus::Struct<int32_t, int32_t>>();
        stream.width = std::get<0>(wh);
        stream.height = std::get<1>(wh);
      } catch (const sdbus::Error &) {  // an odd size type is not worth failing over
      }
    }
    streams.push_back(stream);
  }
  if (streams.empty()) throw Error(PFHOST_E_IO, "the screen-cast portal started no stream");
  return streams;
}

}  // namespace pfhost::wlroots
