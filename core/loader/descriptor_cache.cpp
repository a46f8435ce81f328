#include "loader/descriptor_cache.hpp"

#include <pfhost/abi.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "config/host_config.hpp"
#include "loader/descriptor_json.hpp"
#include "loader/file_identity.hpp"
#include "logging/log.hpp"
#include "os/user_dirs.hpp"

namespace pfhost::core {

using nlohmann::json;

namespace {

constexpr int kFormat = 1;

std::string host_abi() {
  return std::to_string(PFHOST_ABI_MAJOR) + "." + std::to_string(PFHOST_ABI_MINOR);
}

const char *verdict_name(CacheEntry::Verdict verdict) {
  switch (verdict) {
    case CacheEntry::Verdict::descriptor:
      return "descriptor";
    case CacheEntry::Verdict::rejected:
      return "rejected";
    case CacheEntry::Verdict::quarantined:
      return "quarantined";
  }
  return "descriptor";
}

CacheEntry::Verdict parse_verdict(const std::string &name) {
  if (name == "descriptor") return CacheEntry::Verdict::descriptor;
  if (name == "rejected") return CacheEntry::Verdict::rejected;
  if (name == "quarantined") return CacheEntry::Verdict::quarantined;
  throw std::runtime_error("unknown verdict '" + name + "'");
}

// "2026-12-04 21:16:05 UTC", from the calendar arithmetic in <chrono> (no gmtime_r/gmtime_s).
std::string utc_time(int64_t seconds) {
  using namespace std::chrono;
  const sys_seconds when{std::chrono::seconds(seconds)};
  const auto day = floor<days>(when);
  const year_month_day date{day};
  const hh_mm_ss time{when - day};
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d:%02d UTC", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), int(time.hours().count()),
                int(time.minutes().count()), int(time.seconds().count()));
  return text;
}

// A name no other writer of the same cache uses at the same time (processes and threads).
std::string unique_suffix() {
  static std::atomic<unsigned> counter{0};
  std::random_device random;
  return std::to_string(random()) + "." + std::to_string(counter.fetch_add(1));
}

}  // namespace

std::string quarantine_message(const CacheEntry &entry) {
  return "quarantined: " + entry.summary + " on " + utc_time(entry.recorded_at) +
         "; change or reinstall the file to retry";
}

std::filesystem::path DescriptorCache::default_directory(const HostConfig &config) {
  if (!config.cache_dir.empty()) return config.cache_dir;
  return core::os::cache_dir();
}

DescriptorCache::DescriptorCache(std::filesystem::path file) : file_(std::move(file)) {
  std::ifstream in(file_);
  if (!in) return;  // no cache yet
  try {
    const json doc = json::parse(in);
    if (doc.at("format").get<int>() != kFormat) {
      log::info("plugin cache " + file_.string() + " has another format; starting afresh");
      dirty_ = true;
      return;
    }
    for (const auto &item : doc.at("entries")) {
      CacheEntry entry;
      entry.identity.size = item.at("size").get<uint64_t>();
      entry.identity.mtime_ns = item.at("mtime_ns").get<int64_t>();
      entry.verdict = parse_verdict(item.at("verdict").get<std::string>());
      if (item.contains("descriptor")) {
        entry.descriptor = descriptor_info_from_json(item.at("descriptor"));
      }
      entry.reason = item.value("reason", std::string());
      entry.summary = item.value("summary", std::string());
      entry.recorded_at = item.value("recorded_at", int64_t{0});
      if (item.contains("probes")) {
        const json &probes = item.at("probes");
        entry.probes = CachedProbes{probes.at("context").get<std::string>(),
                                    probes.at("probed_at_ms").get<int64_t>(),
                                    probes.at("events").get<std::vector<std::string>>()};
      }
      entries_[{item.at("path").get<std::string>(), item.at("host_abi").get<std::string>()}] =
          std::move(entry);
    }
  } catch (const std::exception &e) {
    log::warn("ignoring unreadable plugin cache " + file_.string() + ": " + e.what());
    entries_.clear();
    dirty_ = true;
  }
}

const CacheEntry *DescriptorCache::find(const std::filesystem::path &plugin,
                                        const FileIdentity &identity) const {
  auto it = entries_.find({plugin.string(), host_abi()});
  if (it == entries_.end() || !(it->second.identity == identity)) return nullptr;
  return &it->second;
}

void DescriptorCache::put(const std::filesystem::path &plugin, CacheEntry entry) {
  auto &slot = entries_[{plugin.string(), host_abi()}];
  if (slot == entry) return;
  slot = std::move(entry);
  dirty_ = true;
}

void DescriptorCache::erase(const std::filesystem::path &plugin) {
  dirty_ = entries_.erase({plugin.string(), host_abi()}) > 0 || dirty_;
}

bool DescriptorCache::save() {
  // Entries of this ABI for files that changed or vanished can never match again.
  for (auto it = entries_.begin(); it != entries_.end();) {
    const auto identity = file_identity(it->first.first);
    if (it->first.second == host_abi() && (!identity || !(*identity == it->second.identity))) {
      it = entries_.erase(it);
      dirty_ = true;
    } else {
      ++it;
    }
  }
  if (!dirty_) return true;

  json items = json::array();
  for (const auto &[key, entry] : entries_) {
    json item = {{"path", key.first},
                 {"host_abi", key.second},
                 {"size", entry.identity.size},
                 {"mtime_ns", entry.identity.mtime_ns},
                 {"verdict", verdict_name(entry.verdict)},
                 {"recorded_at", entry.recorded_at}};
    if (entry.descriptor) item["descriptor"] = to_json(*entry.descriptor);
    if (!entry.reason.empty()) item["reason"] = entry.reason;
    if (!entry.summary.empty()) item["summary"] = entry.summary;
    if (entry.probes) {
      item["probes"] = {{"context", entry.probes->context},
                        {"probed_at_ms", entry.probes->probed_at_ms},
                        {"events", entry.probes->events}};
    }
    items.push_back(std::move(item));
  }
  const json doc = {{"format", kFormat}, {"entries", std::move(items)}};

  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  auto temp = file_;
  temp += ".tmp." + unique_suffix();
  {
    std::ofstream out(temp, std::ios::trunc);
    out << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
    out.close();
    if (!out) {
      log::warn("cannot write plugin cache " + temp.string());
      std::filesystem::remove(temp, ec);
      return false;
    }
  }
  std::filesystem::rename(temp, file_, ec);
  if (ec) {
    log::warn("cannot replace plugin cache " + file_.string() + ": " + ec.message());
    std::filesystem::remove(temp, ec);
    return false;
  }
  dirty_ = false;
  return true;
}

}  // namespace pfhost::core
