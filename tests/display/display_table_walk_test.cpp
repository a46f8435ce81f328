// A seeded random walk of the registry's bookkeeping (DisplayTable with real LiveDisplays from
// the fake C plugin) against a shadow model. Checked after every step: entry counts and session
// counts match the model, no held display was ever destroyed (expiry, force release and eviction
// only take kept displays), stale holds change nothing; at the end every created display was
// destroyed exactly once.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "display/display_table.hpp"
#include "fake_display_backend.hpp"

namespace pfhost::core {
namespace {

using namespace std::chrono_literals;
using test::FakeDisplayBackend;
using test::request_for;

enum class ShadowKind { active, lingering, pinned };

struct ShadowDisplay {
  uint64_t generation;
  std::string backend;
  pfhost_mode mode;
  long refs;
  ShadowKind kind;
  SteadyTime until;
  uint32_t node;
};

struct Hold {
  uint64_t slot;
  uint64_t generation;
  uint32_t node;
};

class TableWalk {
 public:
  explicit TableWalk(uint64_t seed) : rng_(seed) {}

  void run(int steps) {
    for (int step = 0; step < steps; ++step) {
      SCOPED_TRACE("step " + std::to_string(step));
      const unsigned op = static_cast<unsigned>(rng_() % 100);
      if (op < 30)
        held_.size() < 24 ? acquire() : release_held();
      else if (op < 55)
        release_held();
      else if (op < 65)
        release_stale();
      else if (op < 80)
        expire();
      else if (op < 88)
        force_release();
      else if (op < 92)
        evict();
      else
        now_ += std::chrono::milliseconds(rng_() % 300);
      if (::testing::Test::HasFatalFailure()) return;
      check_invariants();
      if (step % 997 == 0) check_snapshot();
      if (::testing::Test::HasFatalFailure()) return;
    }
    finish();
  }

  int creates() const { return fake_.creates(); }

 private:
  std::string pick_backend() { return rng_() % 2 ? "kwin" : "mutter"; }
  pfhost_mode pick_mode() {
    static const pfhost_mode modes[] = {
        {1280, 720, 60000}, {1920, 1080, 60000}, {1920, 1080, 59940}};
    return modes[rng_() % 3];
  }
  LingerPolicy pick_linger() {
    switch (rng_() % 4) {
      case 0:
        return LingerPolicy::immediate();
      case 1:
        return LingerPolicy::forever();
      default:
        return LingerPolicy::for_duration(std::chrono::milliseconds(rng_() % 2000));
    }
  }
  // The model compares modes itself: calling the production comparison would make the model
  // agree with any bug in it (e.g. ignoring the refresh rate).
  bool matches(const ShadowDisplay &d, const std::string &backend, const pfhost_mode &mode) {
    return d.backend == backend && d.mode.width == mode.width && d.mode.height == mode.height &&
           d.mode.refresh_millihz == mode.refresh_millihz;
  }

  void acquire() {
    const std::string backend = pick_backend();
    const pfhost_mode mode = pick_mode();
    const bool join_allowed = rng_() % 2 == 0;
    for (;;) {
      // Model: the oldest kept match is reused.
      auto kept = std::find_if(shadow_.begin(), shadow_.end(), [&](const auto &kv) {
        return kv.second.kind != ShadowKind::active && matches(kv.second, backend, mode);
      });
      auto claim = table_.reuse_kept(backend, mode, "c");
      if (kept == shadow_.end()) {
        ASSERT_FALSE(claim);
        break;
      }
      ASSERT_TRUE(claim);
      ASSERT_EQ(claim->slot, kept->first);
      ASSERT_EQ(claim->action, AcquireAction::reuse);
      ASSERT_GT(claim->generation, kept->second.generation);
      if (rng_() % 10 == 0) {  // the liveness check says it is gone
        auto dead = table_.remove(claim->slot);
        ASSERT_TRUE(dead);
        shadow_.erase(kept);
        continue;  // dead.reset() destroys it; look again, like the registry
      }
      table_.finish_check(claim->slot);
      kept->second = ShadowDisplay{claim->generation, backend, mode, 1, ShadowKind::active, {},
                                   kept->second.node};
      held_.push_back(Hold{claim->slot, claim->generation, kept->second.node});
      return;
    }
    if (join_allowed) {
      auto active = std::find_if(shadow_.begin(), shadow_.end(), [&](const auto &kv) {
        return kv.second.kind == ShadowKind::active && matches(kv.second, backend, mode);
      });
      auto claim = table_.join(backend, mode);
      if (active != shadow_.end()) {
        ASSERT_TRUE(claim);
        ASSERT_EQ(claim->slot, active->first);
        ASSERT_EQ(claim->generation, active->second.generation);
        ASSERT_EQ(claim->action, AcquireAction::join);
        ++active->second.refs;
        held_.push_back(Hold{claim->slot, claim->generation, active->second.node});
        return;
      }
      ASSERT_FALSE(claim);
    }
    CreatedDisplay created =
        fake_.backend().create(request_for(mode.width, mode.height, mode.refresh_millihz / 1000));
    const uint32_t node = created.target.u.pipewire.node_id;
    const DisplayClaim claim = table_.add(std::move(created), backend, mode, "c");
    ASSERT_EQ(claim.action, AcquireAction::create);
    ASSERT_EQ(shadow_.count(claim.slot), 0u) << "slot reused";
    shadow_[claim.slot] =
        ShadowDisplay{claim.generation, backend, mode, 1, ShadowKind::active, {}, node};
    held_.push_back(Hold{claim.slot, claim.generation, node});
  }

  void release_held() {
    if (held_.empty()) return;
    const size_t i = rng_() % held_.size();
    const Hold hold = held_[i];
    held_.erase(held_.begin() + static_cast<long>(i));
    released_.push_back(hold);
    if (released_.size() > 64) released_.erase(released_.begin());

    const LingerPolicy linger = pick_linger();
    ReleaseOutcome out = table_.release(hold.slot, hold.generation, now_, linger);
    ASSERT_FALSE(out.stale) << "a live hold was treated as stale";
    ShadowDisplay &d = shadow_.at(hold.slot);
    ASSERT_EQ(d.kind, ShadowKind::active);
    ASSERT_GT(d.refs, 0);
    if (--d.refs > 0) {
      ASSERT_EQ(out.action, ReleaseAction::decref);
      return;
    }
    switch (linger.kind()) {
      case LingerPolicy::Kind::immediate:
        ASSERT_EQ(out.action, ReleaseAction::teardown);
        ASSERT_TRUE(out.teardown);
        shadow_.erase(hold.slot);
        break;  // out.teardown destroys it here
      case LingerPolicy::Kind::for_duration:
        ASSERT_EQ(out.action, ReleaseAction::linger);
        d.kind = ShadowKind::lingering;
        d.until = now_ + linger.duration();
        ASSERT_EQ(out.until, d.until);
        break;
      case LingerPolicy::Kind::forever:
        ASSERT_EQ(out.action, ReleaseAction::pin);
        d.kind = ShadowKind::pinned;
        break;
    }
  }

  // Releases a hold from an earlier life of a display (or of one that is gone): nothing changes.
  void release_stale() {
    std::vector<Hold> candidates;
    for (const Hold &h : released_) {
      auto it = shadow_.find(h.slot);
      // Skip holds still valid for an active display: a lease never releases twice, and the
      // stamp cannot tell a second release of a joined display from the first.
      if (it != shadow_.end() && it->second.generation == h.generation &&
          it->second.kind == ShadowKind::active)
        continue;
      candidates.push_back(h);
    }
    if (candidates.empty()) return;
    const Hold h = candidates[rng_() % candidates.size()];
    ReleaseOutcome out = table_.release(h.slot, h.generation, now_, pick_linger());
    auto it = shadow_.find(h.slot);
    if (it == shadow_.end() || it->second.generation != h.generation) {
      ASSERT_TRUE(out.stale);
    } else {
      ASSERT_EQ(out.action, ReleaseAction::noop);  // kept, same life: nothing held to release
    }
    ASSERT_FALSE(out.teardown);
  }

  void expire() {
    now_ += std::chrono::milliseconds(rng_() % 500);
    std::vector<uint64_t> expect;
    for (const auto &[slot, d] : shadow_)
      if (d.kind == ShadowKind::lingering && now_ >= d.until) expect.push_back(slot);
    std::vector<DisplayEntry> expired = table_.take_expired(now_);
    std::vector<uint64_t> got;
    for (const DisplayEntry &e : expired) got.push_back(e.slot);
    ASSERT_EQ(got, expect);
    for (uint64_t slot : got) shadow_.erase(slot);
  }

  void force_release() {
    std::optional<uint64_t> slot;
    const unsigned pick = static_cast<unsigned>(rng_() % 4);
    if (pick == 0)
      slot = 1'000'000'000;  // no such slot
    else if (pick != 1 && !shadow_.empty()) {
      auto it = shadow_.begin();
      std::advance(it, static_cast<long>(rng_() % shadow_.size()));
      slot = it->first;
    }
    std::vector<uint64_t> expect_released, expect_refused;
    for (const auto &[s, d] : shadow_) {
      if (slot && s != *slot) continue;
      (d.kind == ShadowKind::active ? expect_refused : expect_released).push_back(s);
    }
    ForceReleaseOutcome out = table_.force_release(slot);
    std::vector<uint64_t> released, refused;
    for (const DisplayEntry &e : out.released) released.push_back(e.slot);
    for (const Refusal &r : out.refused) refused.push_back(r.slot);
    ASSERT_EQ(released, expect_released);
    ASSERT_EQ(refused, expect_refused);
    for (uint64_t s : released) shadow_.erase(s);
  }

  void evict() {
    std::optional<uint64_t> expect;
    std::optional<SteadyTime> best;
    bool best_lingering = false;
    for (const auto &[slot, d] : shadow_) {
      if (d.kind == ShadowKind::active) continue;
      const bool lingering = d.kind == ShadowKind::lingering;
      if (!expect || (lingering && (!best_lingering || d.until < *best))) {
        expect = slot;
        best = d.until;
        best_lingering = lingering;
      }
    }
    std::optional<DisplayEntry> victim = table_.take_eviction_victim();
    ASSERT_EQ(victim.has_value(), expect.has_value());
    if (!victim) return;
    ASSERT_EQ(victim->slot, *expect);
    shadow_.erase(*expect);
  }

  void check_invariants() {
    ASSERT_EQ(table_.size(), shadow_.size());
    for (const auto &[slot, d] : shadow_) {
      const DisplayEntry *e = table_.find(slot);
      ASSERT_NE(e, nullptr);
      ASSERT_GE(d.refs, 0);
      ASSERT_EQ(e->state.refs(), static_cast<uint32_t>(d.refs));
      ASSERT_EQ(e->generation, d.generation);
      ASSERT_FALSE(fake_.destroyed(d.node)) << "a display in the table was destroyed";
    }
    for (const Hold &h : held_)
      ASSERT_FALSE(fake_.destroyed(h.node)) << "a held display was destroyed";
    ASSERT_EQ(fake_.live(), static_cast<int>(shadow_.size())) << "leaked display";
    ASSERT_EQ(fake_.double_destroys(), 0);
  }

  void check_snapshot() {
    const auto snap = table_.snapshot(now_);
    ASSERT_EQ(snap.size(), shadow_.size());
    for (const DisplayInfo &info : snap) {
      const ShadowDisplay &d = shadow_.at(info.slot);
      const char *state = d.kind == ShadowKind::active      ? "active"
                          : d.kind == ShadowKind::lingering ? "lingering"
                                                            : "pinned";
      ASSERT_EQ(info.state, state);
      ASSERT_EQ(info.sessions, static_cast<uint32_t>(d.refs));
      ASSERT_EQ(info.expires_in_ms.has_value(), d.kind == ShadowKind::lingering);
    }
  }

  void finish() {
    held_.clear();
    table_.take_all();  // destroys every display still in the table
    EXPECT_EQ(fake_.creates(), fake_.destroys()) << "leaked displays";
    EXPECT_EQ(fake_.double_destroys(), 0);
    EXPECT_EQ(fake_.calls_after_destroy(), 0);
  }

  std::mt19937_64 rng_;
  FakeDisplayBackend fake_;
  DisplayTable table_;
  std::map<uint64_t, ShadowDisplay> shadow_;
  std::vector<Hold> held_;
  std::vector<Hold> released_;
  SteadyTime now_ = SteadyTime{} + 1h;
};

TEST(DisplayTableWalk, MatchesShadowModelOver100kSteps) {
  TableWalk walk(20240611);
  walk.run(120'000);
  EXPECT_GT(walk.creates(), 1000);
}

}  // namespace
}  // namespace pfhost::core
