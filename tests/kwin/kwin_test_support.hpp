// Shared bits of the KWin plugin's integration tests: the plugin loaded like the host loads it,
// and a registry that tears displays down as soon as their lease goes (nothing lingers).
#pragma once

#include "backends/display_backend.hpp"
#include "display/display_registry.hpp"

#include <pfhost/test/test_plugin.hpp>

#include <string>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types

inline const TestPlugin &kwin_plugin() {
  // [plugins.kwin] as a user would write it; the short timeout keeps the no-answer test quick.
  static const TestPlugin plugin(PFHOST_KWIN_PLUGIN, "create_timeout_ms = 1500\n");
  return plugin;
}

inline DisplayBackend kwin_backend() {
  return kwin_plugin().display("kwin");
}

inline pfhost_status kwin_probe(std::string *reason) {
  char text[1024] = {};
  pfhost_reason r{sizeof(pfhost_reason), sizeof text, text};
  const pfhost_status status = kwin_plugin().backend("kwin").probe(kwin_plugin().ctx(), &r);
  *reason = text;
  return status;
}

inline DisplayPolicy no_keep_alive() {
  DisplayPolicy policy;
  policy.keep_alive.kind = KeepAlive::Kind::off;
  return policy;
}

}  // namespace pfhost::test
