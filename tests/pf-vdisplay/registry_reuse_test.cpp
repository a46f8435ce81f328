// A kept display through the core registry, against the twin: the plugin DLL loaded the way
// pfhost loads it (its own C table, host services from core/loader) and core's DisplayRegistry
// lingering and reusing its monitors, the twin counting every ADD and REMOVE.
#include <gtest/gtest.h>

#include <windows.h>

#include <pfhost/plugin.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "backends/reason_buffer.hpp"
#include "display/display_registry.hpp"
#include "loader/host_services.hpp"
#include "loader/plugin_library.hpp"
#include "test_process.hpp"
#include "twin_device.hpp"

namespace pfhost::pf_vdisplay {
namespace {

using namespace std::chrono_literals;

// The plugin initialised as the catalog does; deinit (which ends its driver connection, pinger
// and single-instance guard) when the test is done, so the other tests' drivers can claim them.
class LoadedPlugin {
 public:
  LoadedPlugin() {
    auto loaded = core::PluginLibrary::load(test::wine_path(PFHOST_PF_VDISPLAY_PLUGIN));
    if (loaded.library == nullptr) throw std::runtime_error(loaded.error);
    descriptor_ = loaded.library->entry()(PFHOST_ABI_MAJOR, PFHOST_ABI_MINOR);
    auto state_dir = std::filesystem::temp_directory_path() / "pfhost-registry-test-state";
    const pfhost_host_api *host = core::make_host_services(
        "pf-vdisplay", {{"topology", std::string("off")}, {"state_dir", state_dir.string()}});
    core::ReasonBuffer reason;
    if (descriptor_->init(host, &context_, reason.get()) != PFHOST_OK) {
      throw std::runtime_error("init: " + reason.text());
    }
  }
  ~LoadedPlugin() { descriptor_->deinit(context_); }
  core::DisplayBackend display() const {
    return core::DisplayBackend("pf-vdisplay", *descriptor_->backends[0]->display, context_);
  }

 private:
  const pfhost_plugin_descriptor *descriptor_ = nullptr;
  void *context_ = nullptr;
};

TEST(PfVdisplayRegistry, KeptDisplayIsReusedForTheSameModeOnly) {
  test::TwinDevice twin(test::kPfVdisplayInterface);
  twin.reset();
  LoadedPlugin plugin;
  const core::DisplayBackend backend = plugin.display();
  core::DisplayPolicy policy;
  policy.keep_alive.kind = core::KeepAlive::Kind::duration;
  policy.keep_alive.duration = 60s;
  {
    core::DisplayRegistry registry(policy);
    uint32_t first_target = 0;
    {
      core::DisplayLease lease = registry.acquire(backend, pfhost_mode{1920, 1080, 60000}, "tv");
      first_target = lease.target().u.windows_idd.target_id;
    }
    auto state = twin.state();
    EXPECT_EQ(state.live_monitors, 1u);  // kept, not removed
    EXPECT_EQ(state.counters.removes, 0u);
    ASSERT_EQ(registry.snapshot().size(), 1u);
    EXPECT_EQ(registry.snapshot()[0].state, "lingering");

    {  // the same client and mode: the kept monitor again, no new ADD
      core::DisplayLease lease = registry.acquire(backend, pfhost_mode{1920, 1080, 60000}, "tv");
      EXPECT_EQ(lease.target().u.windows_idd.target_id, first_target);
      EXPECT_EQ(twin.state().counters.adds, 1u);
    }
    {  // another refresh rate is another display
      core::DisplayLease lease = registry.acquire(backend, pfhost_mode{1920, 1080, 120000}, "tv");
      EXPECT_NE(lease.target().u.windows_idd.target_id, first_target);
      state = twin.state();
      EXPECT_EQ(state.counters.adds, 2u);
      EXPECT_EQ(state.live_monitors, 2u);
    }
    EXPECT_EQ(registry.release().released.size(), 2u);
    state = twin.state();
    EXPECT_EQ(state.live_monitors, 0u);
    EXPECT_EQ(state.counters.removes, 2u);
  }
}

}  // namespace
}  // namespace pfhost::pf_vdisplay
