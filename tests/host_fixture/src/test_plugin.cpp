#include "pfhost/test/test_plugin.hpp"

#include <dlfcn.h>

#include <array>
#include <pfhost/plugin.hpp>
#include <stdexcept>

#include "config/host_config.hpp"
#include "loader/abi_names.hpp"
#include "loader/host_services.hpp"

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

// The plugin's table through the host's own parser, so a test's settings mean exactly what they
// would in host.toml (same flattening, same types).
core::PluginSettings parse_settings(const std::string &plugin, std::string_view body) {
  if (body.empty()) return {};
  const std::string text = "[plugins." + plugin + "]\n" + std::string(body) + "\n";
  core::HostConfig config = core::parse_host_config(text, "<test settings for " + plugin + ">");
  return config.plugins[plugin];
}

}  // namespace

TestPlugin::TestPlugin(const std::string &path, std::string_view settings_toml) : path_(path) {
  void *library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) throw std::runtime_error("dlopen " + path + ": " + dlerror());
  auto entry = reinterpret_cast<pfhost_plugin_entry_fn>(dlsym(library, PFHOST_PLUGIN_ENTRY_SYMBOL));
  if (entry == nullptr) throw std::runtime_error(path + " has no pfhost_plugin_entry");
  descriptor_ = entry(PFHOST_ABI_MAJOR, PFHOST_ABI_MINOR);
  if (descriptor_ == nullptr) throw std::runtime_error(path + " refused this ABI");
  core::DescriptorCheck check = core::validate_descriptor(descriptor_);
  if (!check.descriptor) throw std::runtime_error(path + ": " + check.error);
  validated_ = std::move(*check.descriptor);
  name_ = descriptor_->name != nullptr ? descriptor_->name : "";
  const pfhost_host_api *host =
      core::make_host_services(name_, parse_settings(name_, settings_toml));
  if (descriptor_->init != nullptr) {
    std::array<char, 1024> text{};
    pfhost_reason reason{sizeof(pfhost_reason), static_cast<uint32_t>(text.size()), text.data()};
    if (descriptor_->init(host, &ctx_, &reason) != PFHOST_OK) {
      throw std::runtime_error(path + ": init failed: " + text.data());
    }
  }
  initialised_ = true;
}

TestPlugin::~TestPlugin() {
  // As the host does at exit: after the test destroyed everything it made with the plugin.
  if (initialised_ && PFHOST_HAS_MEMBER(descriptor_, deinit)) descriptor_->deinit(ctx_);
}

const pfhost_backend &TestPlugin::backend(const std::string &name) const {
  for (uint32_t i = 0; i < descriptor_->backend_count; ++i) {
    const pfhost_backend *b = descriptor_->backends[i];
    if (b != nullptr && b->name != nullptr && name == b->name) return *b;
  }
  throw std::runtime_error(path_ + " has no backend '" + name + "'");
}

const core::ValidatedBackend &TestPlugin::validated(const std::string &name, uint32_t kind) const {
  for (const core::ValidatedBackend &b : validated_.backends) {
    if (b.info.name != name) continue;
    if (!b.info.problem.empty())
      throw std::runtime_error("backend '" + name + "' was refused: " + b.info.problem);
    if (b.info.kind != kind)
      throw std::runtime_error("backend '" + name + "' is a " +
                               core::abi_names::backend_kind(b.info.kind) + " backend");
    return b;
  }
  throw std::runtime_error(path_ + " has no backend '" + name + "'");
}

core::DisplayBackend TestPlugin::display(const std::string &name) const {
  return core::DisplayBackend(name, validated(name, PFHOST_BACKEND_DISPLAY).display, ctx_);
}

core::CaptureBackend TestPlugin::capture(const std::string &name) const {
  return core::CaptureBackend(name, validated(name, PFHOST_BACKEND_CAPTURE).capture, ctx_);
}

core::EncodeBackend TestPlugin::encode(const std::string &name) const {
  return core::EncodeBackend(name, validated(name, PFHOST_BACKEND_ENCODE).encode, ctx_);
}

const pfhost_display_vtable *TestPlugin::display_table(const std::string &name) const {
  const pfhost_backend &b = backend(name);
  if (b.kind != PFHOST_BACKEND_DISPLAY || b.display == nullptr)
    throw std::runtime_error("backend '" + name + "' is not a display backend");
  return b.display;
}

const pfhost_capture_vtable *TestPlugin::capture_table(const std::string &name) const {
  const pfhost_backend &b = backend(name);
  if (b.kind != PFHOST_BACKEND_CAPTURE || b.capture == nullptr)
    throw std::runtime_error("backend '" + name + "' is not a capture backend");
  return b.capture;
}

}  // namespace pfhost::test
