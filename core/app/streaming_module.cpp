#include "app/streaming_module.hpp"

#include <boost/dll/shared_library.hpp>

#include <stdexcept>
#include <string>

#include "os/library_load.hpp"
#include "os/self_exe.hpp"

namespace pfhost::core::app {

int run_in_streaming_module(int argc, char **argv) {
  const std::filesystem::path path =
      (os::self_executable_dir() / PFHOST_STREAMING_MODULE_PATH).lexically_normal();
  std::error_code ec;
  const os::LibraryLoadScope scope;
  // Never unloaded (intentionally leaked): the module's static objects and the plugins it loaded
  // are torn down by the process exit, not by a dlclose() racing them.
  // Held by a static pointer, so LeakSanitizer sees it as reachable, not lost.
  static auto *const handle = new boost::dll::shared_library;
  boost::dll::shared_library &module = *handle;
  module.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec || !module.is_loaded()) {
    throw std::runtime_error("cannot load the streaming module " + path.string() + " (" +
                             scope.error_text(ec) + "); is pfhost installed completely?");
  }
  if (!module.has(PFHOST_STREAMING_MAIN_SYMBOL)) {
    throw std::runtime_error("the streaming module " + path.string() + " has no " +
                             PFHOST_STREAMING_MAIN_SYMBOL + "; it is not pfhost's");
  }
  return module.get<int(int, char **)>(PFHOST_STREAMING_MAIN_SYMBOL)(argc, argv);
}

}  // namespace pfhost::core::app
