// Loads one real plugin library for a test the way the host does (entry symbol, ABI check, init
// with the host's own services: log routing and the plugin's [plugins.<name>] table), without
// discovery or the probe worker: the test picks backends by name and gets the core's backend
// objects built from the tables the loader's validation copied, as PluginCatalog hands them out.
//
//   TestPlugin wlroots(PFHOST_WLROOTS_PLUGIN, "mode = \"managed\"");
//   core::DisplayBackend display = wlroots.display("wlroots");
#pragma once

#include <pfhost/plugin.h>

#include <string>
#include <string_view>

#include "backends/capture_backend.hpp"
#include "backends/display_backend.hpp"
#include "backends/encode_backend.hpp"
#include "loader/descriptor_validation.hpp"

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types

class TestPlugin {
 public:
  // `settings_toml` is the body of the plugin's [plugins.<name>] table (TOML text, may be empty),
  // parsed by the host's config parser. Throws std::runtime_error naming the path and the
  // dlopen / entry / config / init failure.
  explicit TestPlugin(const std::string &path, std::string_view settings_toml = {});
  // Calls the plugin's deinit (ABI 1.1) with this object's context, as the host does at exit, so
  // LeakSanitizer sees whether the plugin frees what init made. Destroy every display, capture
  // and encoder made through it first. The library itself stays loaded (the ABI's rule).
  ~TestPlugin();
  // One init, one deinit: not copyable.
  TestPlugin(const TestPlugin &) = delete;
  TestPlugin &operator=(const TestPlugin &) = delete;

  const pfhost_plugin_descriptor &descriptor() const { return *descriptor_; }
  const pfhost_backend &backend(const std::string &name) const;
  // The backend as the host's object, or std::runtime_error when it has another kind or the
  // loader's validation refused it.
  core::DisplayBackend display(const std::string &name) const;
  core::CaptureBackend capture(const std::string &name) const;
  core::EncodeBackend encode(const std::string &name) const;
  // The plugin's own tables, for tests of the C contract itself (calls without the host's
  // wrappers). std::runtime_error when the backend has another kind.
  const pfhost_display_vtable *display_table(const std::string &name) const;
  const pfhost_capture_vtable *capture_table(const std::string &name) const;
  void *ctx() const { return ctx_; }
  const std::string &name() const { return name_; }

 private:
  const core::ValidatedBackend &validated(const std::string &name, uint32_t kind) const;

  std::string path_;
  std::string name_;
  const pfhost_plugin_descriptor *descriptor_ = nullptr;
  core::ValidatedDescriptor validated_;  // what the host would use: size-checked table copies
  void *ctx_ = nullptr;
  bool initialised_ = false;  // init succeeded (or there is none): deinit is owed
};

}  // namespace pfhost::test
