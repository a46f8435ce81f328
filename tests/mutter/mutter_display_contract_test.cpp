// The display ABI's promises, straight through the plugin's table: is_alive tells a kept monitor
// from one whose Mutter died, and concurrent create/destroy calls (which the host may make) are
// serialized inside the plugin so Mutter never rebuilds its topology for two monitors at once.
#include "mutter_environment.hpp"

#include <pfhost/test/test_plugin.hpp>

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <thread>
#include <vector>

namespace pfhost::test {
namespace {

struct Created {
  pfhost_status status = PFHOST_E_INTERNAL;
  pfhost_display *display = nullptr;
  pfhost_target target{};
  std::string reason;
};

Created create(const TestPlugin &plugin, pfhost_mode mode) {
  Created out;
  std::array<char, 1024> text{};
  pfhost_reason reason{sizeof(pfhost_reason), static_cast<uint32_t>(text.size()), text.data()};
  pfhost_display_request request{};
  request.struct_size = sizeof request;
  request.mode = mode;
  out.target.struct_size = sizeof out.target;
  out.status = plugin.display_table("mutter")->create(plugin.ctx(), &request, &out.display,
                                                      &out.target, &reason);
  out.reason = text.data();
  return out;
}

std::pair<pfhost_status, std::string> is_alive(const TestPlugin &plugin, pfhost_display *display) {
  std::array<char, 1024> text{};
  pfhost_reason reason{sizeof(pfhost_reason), static_cast<uint32_t>(text.size()), text.data()};
  const pfhost_status status = plugin.display_table("mutter")->is_alive(display, &reason);
  return {status, text.data()};
}

TEST(MutterDisplayContract, IsAliveUntilMutterDies) {
  if (auto why = MutterEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  MutterEnvironment gnome;
  const TestPlugin plugin(PFHOST_MUTTER_PLUGIN);
  Created made = create(plugin, {1280, 720, 60000});
  ASSERT_EQ(made.status, PFHOST_OK) << made.reason;
  EXPECT_EQ(made.target.kind, PFHOST_TARGET_PIPEWIRE_NODE);
  EXPECT_EQ(made.target.u.pipewire.remote_fd, -1);
  EXPECT_EQ(made.target.mode.width, 1280u);
  EXPECT_EQ(made.target.mode.refresh_millihz, 60000u);

  const auto alive = is_alive(plugin, made.display);
  EXPECT_EQ(alive.first, PFHOST_OK) << alive.second;

  gnome.kill_mutter();
  // The bus tells the display's connection at once; allow for delivery.
  std::pair<pfhost_status, std::string> dead{PFHOST_OK, {}};
  for (int i = 0; i < 40; ++i) {
    dead = is_alive(plugin, made.display);
    if (dead.second.find("Mutter left the session bus") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(dead.first, PFHOST_E_CLOSED);
  EXPECT_NE(dead.second.find("Mutter left the session bus"), std::string::npos) << dead.second;

  const auto started = std::chrono::steady_clock::now();
  plugin.display_table("mutter")->destroy(made.display);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1))
      << "destroying a monitor whose Mutter is gone must not wait for it";
}

TEST(MutterDisplayContract, ConcurrentCreatesAndDestroysAllSucceed) {
  if (auto why = MutterEnvironment::unavailable_reason()) GTEST_SKIP() << *why;
  MutterEnvironment gnome;
  const TestPlugin plugin(PFHOST_MUTTER_PLUGIN);
  constexpr size_t kDisplays = 3;
  std::vector<Created> made(kDisplays);
  {
    std::vector<std::thread> threads;
    for (size_t i = 0; i < kDisplays; ++i) {
      threads.emplace_back([&, i] {
        made[i] = create(plugin, {static_cast<uint32_t>(640 + 64 * i), 480, 30000});
      });
    }
    for (auto &t : threads) t.join();
  }
  std::set<uint32_t> nodes;
  for (const auto &m : made) {
    ASSERT_EQ(m.status, PFHOST_OK) << m.reason;
    nodes.insert(m.target.u.pipewire.node_id);
  }
  EXPECT_EQ(nodes.size(), kDisplays);
  {
    std::vector<std::thread> threads;
    for (auto &m : made) {
      threads.emplace_back([&] { plugin.display_table("mutter")->destroy(m.display); });
    }
    for (auto &t : threads) t.join();
  }
  for (uint32_t node : nodes) {
    EXPECT_TRUE(gnome.pipewire().wait_for_node_gone(node, std::chrono::seconds(1)))
        << "node " << node;
  }
  // Mutter survived it all and still answers.
  EXPECT_EQ(gnome.monitor_connectors().size(), 0u);
}

}  // namespace
}  // namespace pfhost::test
