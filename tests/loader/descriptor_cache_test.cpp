#include "loader/descriptor_cache.hpp"

#include <gtest/gtest.h>

#include "config/host_config.hpp"
#include "loader/file_identity.hpp"
#include "test_support.hpp"

namespace pfhost::core {
namespace {

class Cache : public ::testing::Test {
 protected:
  test::TempDir tmp;
  std::filesystem::path file = tmp / "cache" / "plugin-cache.json";
  std::filesystem::path plugin = tmp / "plugin.so";

  void SetUp() override { test::write_file(plugin, "pretend library"); }

  CacheEntry entry(CacheEntry::Verdict verdict) {
    CacheEntry e;
    e.identity = *file_identity(plugin);
    e.verdict = verdict;
    DescriptorInfo d;
    d.name = "plug";
    d.abi_major = 1;
    BackendInfo b;
    b.kind = 1;
    b.name = "disp";
    b.rank = 3;
    b.target_kinds = 2;
    d.backends.push_back(b);
    e.descriptor = d;
    e.recorded_at = 1700000000;
    return e;
  }
};

TEST_F(Cache, RoundTripsAndWritesAtomically) {
  {
    DescriptorCache cache(file);
    cache.put(plugin, entry(CacheEntry::Verdict::descriptor));
    EXPECT_TRUE(cache.save());
  }
  EXPECT_TRUE(std::filesystem::exists(file));
  for (const auto &e : std::filesystem::directory_iterator(file.parent_path())) {
    EXPECT_EQ(e.path().filename(), "plugin-cache.json");  // no temp file left behind
  }
  DescriptorCache again(file);
  const CacheEntry *hit = again.find(plugin, *file_identity(plugin));
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(*hit, entry(CacheEntry::Verdict::descriptor));
}

TEST_F(Cache, RoundTripsTheLastProbeAnswers) {
  CacheEntry probed = entry(CacheEntry::Verdict::descriptor);
  probed.probes = CachedProbes{"0123456789abcdef",
                               1700000000123,
                               {R"({"event":"probe","backend":"disp","status":0,"reason":"ok"})"}};
  {
    DescriptorCache cache(file);
    cache.put(plugin, probed);
    EXPECT_TRUE(cache.save());
  }
  const DescriptorCache again(file);
  const CacheEntry *hit = again.find(plugin, *file_identity(plugin));
  ASSERT_NE(hit, nullptr);
  ASSERT_TRUE(hit->probes.has_value());
  EXPECT_EQ(hit->probes->context, "0123456789abcdef");
  EXPECT_EQ(hit->probes->probed_at_ms, 1700000000123);
  EXPECT_EQ(hit->probes->events, probed.probes->events);
}

TEST_F(Cache, AChangedFileMisses) {
  DescriptorCache cache(file);
  cache.put(plugin, entry(CacheEntry::Verdict::quarantined));
  FileIdentity other = *file_identity(plugin);
  other.mtime_ns += 1;
  EXPECT_EQ(cache.find(plugin, other), nullptr);
  other = *file_identity(plugin);
  other.size += 1;
  EXPECT_EQ(cache.find(plugin, other), nullptr);
  EXPECT_NE(cache.find(plugin, *file_identity(plugin)), nullptr);
}

TEST_F(Cache, SaveDropsEntriesOfVanishedFiles) {
  {
    DescriptorCache cache(file);
    cache.put(plugin, entry(CacheEntry::Verdict::rejected));
    cache.save();
  }
  const FileIdentity before = *file_identity(plugin);
  std::filesystem::remove(plugin);
  {
    DescriptorCache cache(file);
    cache.save();
  }
  test::write_file(plugin, "pretend library");
  DescriptorCache cache(file);
  EXPECT_EQ(cache.find(plugin, before), nullptr);
}

TEST_F(Cache, UnreadableCacheIsAColdStart) {
  test::write_file(file, "{ not json");
  DescriptorCache cache(file);
  EXPECT_EQ(cache.find(plugin, *file_identity(plugin)), nullptr);
  cache.put(plugin, entry(CacheEntry::Verdict::descriptor));
  EXPECT_TRUE(cache.save());
  EXPECT_NE(DescriptorCache(file).find(plugin, *file_identity(plugin)), nullptr);
}

TEST_F(Cache, QuarantineMessageSaysWhenAndHowToRetry) {
  CacheEntry e = entry(CacheEntry::Verdict::quarantined);
  e.summary = "crashed (SIGSEGV)";
  EXPECT_EQ(quarantine_message(e),
            "quarantined: crashed (SIGSEGV) on 2023-11-14 22:13:20 UTC; change or reinstall the "
            "file to retry");
}

#ifndef _WIN32  // the XDG rules; Windows' %LOCALAPPDATA% is tested in tests/os
TEST_F(Cache, DefaultDirectoryFollowsConfigThenXdg) {
  HostConfig config;
  config.cache_dir = "/var/cache/pf";
  EXPECT_EQ(DescriptorCache::default_directory(config), "/var/cache/pf");
  config.cache_dir.clear();
  setenv("XDG_CACHE_HOME", "/xdg", 1);
  EXPECT_EQ(DescriptorCache::default_directory(config), "/xdg/pfhost");
  unsetenv("XDG_CACHE_HOME");
  setenv("HOME", "/home/u", 1);
  EXPECT_EQ(DescriptorCache::default_directory(config), "/home/u/.cache/pfhost");
}
#endif

}  // namespace
}  // namespace pfhost::core
