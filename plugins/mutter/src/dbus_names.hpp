// The D-Bus names of Mutter's private screen-cast and remote-desktop APIs (see
// /usr/share/dbus-1/interfaces in a GNOME install, or mutter's data/dbus-interfaces/).
#pragma once

namespace pfhost::mutter::names {

inline constexpr const char *kScreenCastService = "org.gnome.Mutter.ScreenCast";
inline constexpr const char *kScreenCastPath = "/org/gnome/Mutter/ScreenCast";
inline constexpr const char *kScreenCast = "org.gnome.Mutter.ScreenCast";
inline constexpr const char *kScreenCastSession = "org.gnome.Mutter.ScreenCast.Session";
inline constexpr const char *kScreenCastStream = "org.gnome.Mutter.ScreenCast.Stream";

inline constexpr const char *kRemoteDesktopService = "org.gnome.Mutter.RemoteDesktop";
inline constexpr const char *kRemoteDesktopPath = "/org/gnome/Mutter/RemoteDesktop";
inline constexpr const char *kRemoteDesktop = "org.gnome.Mutter.RemoteDesktop";
inline constexpr const char *kRemoteDesktopSession = "org.gnome.Mutter.RemoteDesktop.Session";

inline constexpr const char *kBusService = "org.freedesktop.DBus";
inline constexpr const char *kBusPath = "/org/freedesktop/DBus";
inline constexpr const char *kBus = "org.freedesktop.DBus";
inline constexpr const char *kProperties = "org.freedesktop.DBus.Properties";

// The first ScreenCast API version whose RecordVirtual takes a "modes" list (Mutter 47). Older
// Mutters (43 reports 4) size the monitor from the PipeWire consumer's format negotiation.
inline constexpr int kFirstVersionWithModes = 6;

}  // namespace pfhost::mutter::names
