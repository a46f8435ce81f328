// In-process loading: only plugins the isolated probe found healthy are loaded, init runs once,
// tables come back host-sized, and a file that changed since its probe is refused.
#include "loader/plugin_catalog.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types
namespace {

namespace fs = std::filesystem;

class Catalog : public ::testing::Test {
 protected:
  TempDir tmp;
  HostConfig config;

  PluginInventory discover(const std::vector<std::string> &fakes) {
    copy_fakes(tmp / "plugins", fakes);
    config.plugin_dirs = {(tmp / "plugins").string()};
    config.probe_timeout = std::chrono::milliseconds(10000);
    config.plugins["good"]["greeting"] = std::string("from the catalog test");
    DiscoveryOptions options;
    options.use_cache = false;
    options.worker_executable = pfhost_binary();  // this test binary is not pfhost
    return discover_plugins(config, options);
  }
};

TEST_F(Catalog, HandsOutBackendsOfHealthyPlugins) {
  PluginInventory inventory = discover({"good", "crash-probe", "newer-minor"});
  PluginCatalog catalog(inventory, config);

  const LoadedBackend &display = catalog.backend("good-display");
  EXPECT_EQ(display.kind, static_cast<uint32_t>(PFHOST_BACKEND_DISPLAY));
  EXPECT_EQ(display.plugin_name, "good");
  ASSERT_NE(display.display, nullptr);
  EXPECT_NE(display.display->create, nullptr);
  EXPECT_EQ(display.display->is_alive, nullptr);
  EXPECT_EQ(display.capture, nullptr);
  EXPECT_NE(display.plugin_ctx, nullptr);  // good's init stored its host pointer there
  EXPECT_TRUE(display.probed_ok);

  // Same plugin: loaded and initialised once, same context.
  const LoadedBackend &encoder = catalog.backend("good-encoder");
  EXPECT_EQ(encoder.plugin_ctx, display.plugin_ctx);
  ASSERT_NE(encoder.encode, nullptr);
  pfhost_encoder_caps caps{};
  caps.struct_size = sizeof caps;
  EXPECT_EQ(encoder.encode->query_caps(encoder.plugin_ctx, &caps, nullptr), PFHOST_OK);
  EXPECT_EQ(caps.codecs, 1u << PFHOST_CODEC_H264);

  // A newer-minor plugin's bigger tables come back as host-sized copies.
  const LoadedBackend &newer = catalog.backend("newer-display");
  ASSERT_NE(newer.display, nullptr);
  EXPECT_EQ(newer.display->struct_size, sizeof(pfhost_display_vtable));
  EXPECT_EQ(newer.display->target_kinds, 1u << PFHOST_TARGET_WAYLAND_OUTPUT);

  EXPECT_EQ(&catalog.selected(PFHOST_BACKEND_DISPLAY), &display);
}

TEST_F(Catalog, NeverLoadsAPluginThatFailedTheChildCheck) {
  PluginInventory inventory = discover({"crash-probe", "good"});
  PluginCatalog catalog(inventory, config);
  EXPECT_THROW(catalog.backend("crash-survivor"), PluginLoadError);
  EXPECT_THROW(catalog.backend("crasher"), PluginLoadError);
  EXPECT_THROW(catalog.backend("no-such-backend"), PluginLoadError);
}

TEST_F(Catalog, RefusesAFileChangedSinceItsProbe) {
  PluginInventory inventory = discover({"good"});
  bump_mtime(tmp / "plugins" / fake_plugin("good").filename());
  PluginCatalog catalog(inventory, config);
  try {
    catalog.backend("good-display");
    FAIL() << "loaded a file that changed after its probe";
  } catch (const PluginLoadError &e) {
    EXPECT_NE(std::string(e.what()).find("changed since it was probed"), std::string::npos);
  }
}

TEST_F(Catalog, SelectedReportsWhyNothingWasChosen) {
  PluginInventory inventory = discover({"moody"});
  PluginCatalog catalog(inventory, config);
  try {
    catalog.selected(PFHOST_BACKEND_DISPLAY);
    FAIL();
  } catch (const PluginLoadError &e) {
    EXPECT_NE(std::string(e.what()).find("none available"), std::string::npos) << e.what();
  }
}

// ABI 1.1: shutdown_plugins() calls each initialised plugin's deinit once, with init's context,
// skips plugins without one (or whose struct_size stops before it) and refuses later loads. It
// is process-wide and final, so it runs in a child process (a death test) and reports through
// the marker file and its exit code.
TEST_F(Catalog, ShutdownCallsEachDeinitOnceWithInitsContext) {
#ifdef _WIN32
  GTEST_SKIP() << "a death test re-runs the whole binary on Windows, with a fixture of its own";
#endif
  const fs::path marker = tmp / "deinit-marker";
  config.plugins["deinit-marker"]["marker_file"] = marker.string();
  config.plugins["deinit-outside"]["marker_file"] = marker.string();
  PluginInventory inventory = discover({"deinit-marker", "deinit-outside", "good"});
  EXPECT_EXIT(
      {
        PluginCatalog catalog(inventory, config);
        catalog.backend("deinit-display");
        catalog.backend("outside-display");
        catalog.backend("good-display");  // no deinit at all: skipped
        shutdown_plugins();
        shutdown_plugins();  // a second call does nothing
        PluginCatalog later(inventory, config);
        try {
          later.backend("good-capture");
          std::_Exit(3);  // handed out a backend whose plugin is shut down
        } catch (const PluginLoadError &) {
        }
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(0), "");
  // The probe worker ran init too, but leaves with _exit: only the in-process deinit counts.
  EXPECT_EQ(read_file(marker), "deinit from-init\n");
}

}  // namespace
}  // namespace pfhost::test
