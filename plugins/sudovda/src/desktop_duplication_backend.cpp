#include "desktop_duplication_backend.hpp"

#include <chrono>
#include <thread>

#include "desktop_duplication/dxgi_duplication.hpp"
#include "pfhost/windows/idd_plugin.hpp"
#include "sudovda_driver.hpp"

namespace pfhost::sudovda {
namespace {

using Plugin = windows::IddPlugin<Driver>;

}  // namespace

std::unique_ptr<DesktopDuplicationBackend> DesktopDuplicationBackend::open(
    void *plugin_ctx, const pfhost_capture_params &, const pfhost_target &target) {
  auto &context = Plugin::context_of(plugin_ctx);
  if (target.kind != PFHOST_TARGET_WINDOWS_IDD) {
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                "desktop-duplication captures SudoVDA (Windows IDD) targets");
  }
  const auto &idd = target.u.windows_idd;
  const std::string gdi_name(idd.gdi_name, strnlen(idd.gdi_name, sizeof idd.gdi_name));
  Host host = context.host;
  // The output appears only once Windows has activated the monitor's path: poll, bounded.
  const auto deadline =
      std::chrono::steady_clock::now() + context.driver->settings().gdi_name_timeout;
  for (;;) {
    try {
      auto backend = std::make_unique<DesktopDuplicationBackend>();
      backend->capture_ = std::make_unique<DesktopDuplicationCapture>(
          make_dxgi_duplication(idd.adapter_luid, gdi_name), DuplicationOptions{},
          [host] { return host.now_ns(); });
      return backend;
    } catch (const std::runtime_error &e) {
      if (std::chrono::steady_clock::now() >= deadline) {
        throw Error(PFHOST_E_UNAVAILABLE,
                    "cannot duplicate SudoVDA monitor " + gdi_name + ": " + e.what());
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

pfhost_status DesktopDuplicationBackend::probe(void *plugin_ctx, pfhost_reason *reason) {
  const pfhost_status driver = Plugin::probe(plugin_ctx, reason);
  if (driver != PFHOST_OK) return driver;
  return guarded(reason, [&] {
    const std::string why = dxgi_duplication_unavailable();
    if (!why.empty()) throw Error(PFHOST_E_UNAVAILABLE, why);
    set_reason(reason, "DXGI desktop duplication of SudoVDA monitors");
  });
}

}  // namespace pfhost::sudovda
