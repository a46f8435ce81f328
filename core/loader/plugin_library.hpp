// A plugin shared library loaded with Boost.DLL from an absolute path. Libraries are never
// unloaded (DESIGN: unloading while a callback or a plugin thread is alive is the classic crash),
// so every loaded library goes into a process-wide registry that is deliberately never destroyed,
// not even by static destructors at exit.
#pragma once

#include <pfhost/plugin.h>

#include <filesystem>
#include <string>

namespace pfhost::core {

class PluginLibrary {
 public:
  // What load() returns: the library, or why it could not be loaded.
  struct LoadResult {
    const PluginLibrary *library = nullptr;
    std::string error;
  };

  // Loads `path` (made absolute first) with RTLD_NOW | RTLD_LOCAL, or returns the library already
  // loaded from that path. Thread-safe. Runs the library's constructors, so only a worker process
  // or a plugin that passed the isolated check may be loaded this way.
  static LoadResult load(const std::filesystem::path &path);

  const std::filesystem::path &path() const { return path_; }
  // The exported pfhost_plugin_entry, or nullptr when the library does not export it.
  pfhost_plugin_entry_fn entry() const { return entry_; }

  PluginLibrary(std::filesystem::path library_path, pfhost_plugin_entry_fn entry_fn)
      : path_(std::move(library_path)), entry_(entry_fn) {}

 private:
  std::filesystem::path path_;
  pfhost_plugin_entry_fn entry_;
};

}  // namespace pfhost::core
