// The display backend "wlroots-portal": a screen cast through xdg-desktop-portal (ScreenCast
// interface, e.g. xdg-desktop-portal-wlr), giving a PipeWire node on the portal's own PipeWire
// remote. CreateSession -> SelectSources -> Start -> OpenPipeWireRemote over sdbus-c++, each
// request answered by a Response signal on its Request object (subscribed before the call).
// The portal decides which output is cast (it cannot create one): the requested mode is what
// the session asked, the target's mode is what the portal reports.
#pragma once

#include <pfhost/display.h>
#include <pfhost/plugin.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace pfhost::wlroots {

// PFHOST_OK when org.freedesktop.portal.Desktop with a ScreenCast interface is on the session
// bus; PFHOST_E_UNAVAILABLE with the reason otherwise. Answers within ~1 s.
pfhost_status probe_screencast_portal(std::string *why);

class PortalScreencast {
 public:
  // Runs the whole conversation; throws pfhost::Error (UNAVAILABLE, TIMEOUT, IO).
  PortalScreencast(const pfhost_display_request &request, const pfhost::Host &host,
                   std::chrono::milliseconds step_timeout);
  ~PortalScreencast();  // closes the portal session and the remote fd
  PortalScreencast(const PortalScreencast &) = delete;
  PortalScreencast &operator=(const PortalScreencast &) = delete;

  pfhost_target target() const { return target_; }
  pfhost_status is_alive(std::string *why);

 private:
  struct Bus;
  std::unique_ptr<Bus> bus_;
  pfhost::Host host_;
  pfhost_target target_{};
};

}  // namespace pfhost::wlroots
