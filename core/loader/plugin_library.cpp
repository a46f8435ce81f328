#include "loader/plugin_library.hpp"

#include <boost/dll/shared_library.hpp>

#include <map>
#include <memory>
#include <mutex>
#include "os/library_load.hpp"

namespace pfhost::core {
namespace {

struct Registry {
  std::mutex mutex;
  // The shared_library objects own the handles; keeping them here (and never destroying the
  // registry) is what keeps the libraries loaded.
  std::map<std::filesystem::path, std::unique_ptr<boost::dll::shared_library>> handles;
  std::map<std::filesystem::path, std::unique_ptr<PluginLibrary>> libraries;
};

Registry &registry() {
  static Registry *instance = new Registry;  // intentionally leaked: never unload
  return *instance;
}

}  // namespace

PluginLibrary::LoadResult PluginLibrary::load(const std::filesystem::path &requested) {
  std::error_code ec;
  const std::filesystem::path path = std::filesystem::absolute(requested, ec).lexically_normal();
  if (ec) return {nullptr, "cannot resolve path: " + ec.message()};

  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  if (auto it = reg.libraries.find(path); it != reg.libraries.end()) return {it->second.get(), {}};

  // The loader's own text ("libfoo.so.1: cannot open shared object file") is what the user needs.
  const os::LibraryLoadScope scope;
  auto handle = std::make_unique<boost::dll::shared_library>();
  handle->load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec || !handle->is_loaded()) return {nullptr, scope.error_text(ec)};

  pfhost_plugin_entry_fn entry = nullptr;
  if (handle->has(PFHOST_PLUGIN_ENTRY_SYMBOL)) {
    entry = &handle->get<std::remove_pointer_t<pfhost_plugin_entry_fn>>(PFHOST_PLUGIN_ENTRY_SYMBOL);
  }
  auto library = std::make_unique<PluginLibrary>(path, entry);
  const PluginLibrary *result = library.get();
  reg.handles.emplace(path, std::move(handle));
  reg.libraries.emplace(path, std::move(library));
  return {result, {}};
}

}  // namespace pfhost::core
