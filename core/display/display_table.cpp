#include "display/display_table.hpp"

#include "backends/display_text.hpp"

namespace pfhost::core {

DisplayClaim DisplayTable::claim(DisplayEntry &entry, AcquireAction action) const {
  return DisplayClaim{entry.slot, entry.generation, action, entry.target, entry.display.get()};
}

DisplayEntry DisplayTable::extract(std::map<uint64_t, DisplayEntry>::iterator it) {
  DisplayEntry entry = std::move(it->second);
  entries_.erase(it);
  return entry;
}

DisplayClaim DisplayTable::add(CreatedDisplay created, std::string backend, const pfhost_mode &mode,
                               std::string client) {
  DisplayEntry entry;
  entry.slot = next_slot_++;
  entry.generation = next_generation_++;
  entry.backend = std::move(backend);
  entry.mode = mode;
  entry.target = created.target;
  entry.client = std::move(client);
  entry.display = std::move(created.display);
  const AcquireAction action = entry.state.acquire();
  const uint64_t slot = entry.slot;
  auto [it, inserted] = entries_.emplace(slot, std::move(entry));
  (void)inserted;
  return claim(it->second, action);
}

std::optional<DisplayClaim> DisplayTable::reuse_kept(std::string_view backend,
                                                     const pfhost_mode &mode, std::string client) {
  for (auto &[slot, entry] : entries_) {
    if (!entry.state.is_kept() || entry.backend != backend || !same_mode(entry.mode, mode))
      continue;
    const AcquireAction action = entry.state.acquire();
    entry.generation = next_generation_++;
    entry.checking = true;
    if (!client.empty()) entry.client = std::move(client);
    return claim(entry, action);
  }
  return std::nullopt;
}

void DisplayTable::finish_check(uint64_t slot) {
  auto it = entries_.find(slot);
  if (it != entries_.end()) it->second.checking = false;
}

LiveDisplay *DisplayTable::begin_last_release_check(uint64_t slot, uint64_t generation) {
  auto it = entries_.find(slot);
  if (it == entries_.end()) return nullptr;
  DisplayEntry &entry = it->second;
  if (entry.generation != generation || entry.checking || entry.state.refs() != 1) return nullptr;
  entry.checking = true;
  return entry.display.get();
}

std::optional<DisplayClaim> DisplayTable::join(std::string_view backend, const pfhost_mode &mode) {
  for (auto &[slot, entry] : entries_) {
    if (entry.state.kind() != LifecycleState::Kind::active || entry.checking ||
        entry.backend != backend || !same_mode(entry.mode, mode))
      continue;
    return claim(entry, entry.state.acquire());
  }
  return std::nullopt;
}

ReleaseOutcome DisplayTable::release(uint64_t slot, uint64_t generation, SteadyTime now,
                                     LingerPolicy linger) {
  ReleaseOutcome out;
  auto it = entries_.find(slot);
  if (it == entries_.end() || it->second.generation != generation) {
    out.stale = true;
    return out;
  }
  DisplayEntry &entry = it->second;
  out.label = describe(entry);
  out.action = entry.state.release(now, linger);
  if (out.action == ReleaseAction::linger) out.until = entry.state.until();
  if (out.action == ReleaseAction::teardown) out.teardown = extract(it);
  return out;
}

std::optional<DisplayEntry> DisplayTable::remove(uint64_t slot) {
  auto it = entries_.find(slot);
  if (it == entries_.end()) return std::nullopt;
  return extract(it);
}

std::vector<DisplayEntry> DisplayTable::take_expired(SteadyTime now) {
  std::vector<DisplayEntry> expired;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.state.poll_expiry(now))
      expired.push_back(extract(it++));
    else
      ++it;
  }
  return expired;
}

std::optional<SteadyTime> DisplayTable::next_deadline() const {
  std::optional<SteadyTime> nearest;
  for (const auto &[slot, entry] : entries_) {
    const auto until = entry.state.until();
    if (until && (!nearest || *until < *nearest)) nearest = until;
  }
  return nearest;
}

std::optional<DisplayEntry> DisplayTable::take_eviction_victim() {
  auto victim = entries_.end();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    const LifecycleState &state = it->second.state;
    if (!state.is_kept()) continue;
    if (victim == entries_.end()) {
      victim = it;
      continue;
    }
    // A pinned display expires "never", i.e. after every lingering one.
    const auto until = state.until();
    const auto best = victim->second.state.until();
    if (until && (!best || *until < *best)) victim = it;
  }
  if (victim == entries_.end()) return std::nullopt;
  victim->second.state.force_release();
  return extract(victim);
}

ForceReleaseOutcome DisplayTable::force_release(std::optional<uint64_t> slot) {
  ForceReleaseOutcome out;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (slot && it->first != *slot) {
      ++it;
      continue;
    }
    if (it->second.state.force_release()) {
      out.released.push_back(extract(it++));
    } else {
      out.refused.push_back(Refusal{it->first, describe(it->second), it->second.state.refs()});
      ++it;
    }
  }
  return out;
}

std::vector<DisplayEntry> DisplayTable::take_all() {
  std::vector<DisplayEntry> all;
  for (auto it = entries_.begin(); it != entries_.end();) all.push_back(extract(it++));
  return all;
}

std::vector<DisplayInfo> DisplayTable::snapshot(SteadyTime now) const {
  std::vector<DisplayInfo> out;
  out.reserve(entries_.size());
  for (const auto &[slot, entry] : entries_) {
    DisplayInfo info;
    info.slot = slot;
    info.backend = entry.backend;
    info.mode = entry.mode;
    info.state = to_string(entry.state.kind());
    if (const auto until = entry.state.until()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*until - now);
      info.expires_in_ms = left.count() > 0 ? static_cast<uint64_t>(left.count()) : 0;
    }
    info.sessions = entry.state.refs();
    info.client = entry.client;
    out.push_back(std::move(info));
  }
  return out;
}

const DisplayEntry *DisplayTable::find(uint64_t slot) const {
  auto it = entries_.find(slot);
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace pfhost::core
