// Loads one real plugin library for an end-to-end test, the way the host does (entry symbol,
// ABI check, init with host services), without the catalog: the test picks backends by name.
#pragma once

#include <pfhost/plugin.h>

#include <string>

namespace pfhost::test {

class TestPlugin {
 public:
  // Throws std::runtime_error naming the path and the dlopen/entry/init failure.
  explicit TestPlugin(const std::string &path);
  // The library is never unloaded (the ABI's rule); nothing to do here.
  ~TestPlugin() = default;

  const pfhost_backend &backend(const std::string &name) const;
  void *ctx() const { return ctx_; }

 private:
  std::string path_;
  const pfhost_plugin_descriptor *descriptor_ = nullptr;
  void *ctx_ = nullptr;
};

}  // namespace pfhost::test
