// `pfhost --list-backends --json` as a subprocess against the fake plugins: every failure mode
// gives its diagnostic, the host survives all of them, the cache and quarantine work, plugin
// sources are found, and a broken config fails with the config library's message.
#include <elf.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "listing_fixture.hpp"

namespace pfhost::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::vector<std::string> kAllButHang = {
    "good",       "abi2",       "newer-minor", "truncated",    "null-entry",  "dup-within",
    "dup-first",  "dup-second", "init-fail",   "crash-probe",  "abort-probe", "crash-entry",
    "exit-probe", "moody",      "bad-names",   "bad-backends", "no-entry"};

// Every Linux listing here also configures the good fake's greeting and marker.
class ListBackends : public ListingFixture {
 protected:
  void write_config(int timeout_ms, const std::string &host_extra = "",
                    const std::string &tables = "") {
    ListingFixture::write_config(timeout_ms, host_extra,
                                 tables +
                                     "\n[plugins.good]\ngreeting = \"hello from host.toml\"\n"
                                     "marker_file = \"" +
                                     (tmp / "good-marker").generic_string() + "\"\n");
  }
};

const json &backend(const json &plugin_row, const std::string &name) {
  for (const auto &b : plugin_row.at("backends")) {
    if (b.at("name") == name) return b;
  }
  static const json missing = json::object();
  ADD_FAILURE() << "no backend " << name << " in " << plugin_row.dump(2);
  return missing;
}

bool starts_with(const std::string &text, const std::string &prefix) {
  return text.rfind(prefix, 0) == 0;
}

TEST_F(ListBackends, GoodPluginProbesAndIsSelected) {
  copy_fakes(plugins, {"good"});
  write_config(10000);
  RunResult r = list_raw();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);  // the plugin's stdout noise did not get in the way
  const json &good = row(doc, "good");
  EXPECT_EQ(good.at("status"), "ok");
  EXPECT_EQ(good.at("plugin").at("name"), "good");
  EXPECT_EQ(good.at("plugin").at("version"), "1.0.0");
  EXPECT_EQ(good.at("plugin").at("vendor"), "pfhost tests");
  EXPECT_EQ(good.at("plugin").at("abi"), "1.2");
  for (const char *name : {"good-display", "good-capture", "good-encoder"}) {
    EXPECT_EQ(backend(good, name).at("status"), "ok") << name;
    EXPECT_TRUE(backend(good, name).at("usable").get<bool>()) << name;
  }
  EXPECT_EQ(backend(good, "good-display").at("kind"), "display");
  EXPECT_EQ(backend(good, "good-display").at("rank"), 50);
  EXPECT_EQ(backend(good, "good-display").at("description"), "A fake virtual display");
  EXPECT_EQ(backend(good, "good-encoder").at("caps").at("codecs"), json({"h264"}));
  const json &selection = doc.at("selection");
  EXPECT_EQ(selection.at("display").at("selected"), "good-display");
  EXPECT_EQ(selection.at("capture").at("selected"), "good-capture");
  EXPECT_EQ(selection.at("encode").at("selected"), "good-encoder");
  // Host services in the worker: config getter over [plugins.good], log routed with its name.
  EXPECT_NE(r.err.find("[good] init says: hello from host.toml"), std::string::npos) << r.err;
}

TEST_F(ListBackends, EveryBrokenPluginGetsItsDiagnosticAndTheHostSurvives) {
  copy_fakes(plugins, kAllButHang);
  write_file(plugins / "pfhost-fake-loader-text.so",
             read_file(fs::path(PFHOST_TEST_FAKES_DIR) / "pfhost-fake-loader-text.so"));
  write_config(10000);
  const json doc = list();

  EXPECT_EQ(row(doc, "text").at("status"), "rejected");
  EXPECT_EQ(reason_of(row(doc, "text")), "not a shared library (no ELF header)");
  EXPECT_EQ(row(doc, "no-entry").at("status"), "rejected");
  EXPECT_TRUE(starts_with(reason_of(row(doc, "no-entry")), "no entry symbol"));
  EXPECT_EQ(reason_of(row(doc, "abi2")), "built for ABI 2.x, host speaks 1.x");
  EXPECT_EQ(row(doc, "null-entry").at("status"), "rejected");
  EXPECT_TRUE(starts_with(reason_of(row(doc, "null-entry")), "pfhost_plugin_entry returned NULL"));
  EXPECT_EQ(row(doc, "truncated").at("status"), "rejected");
  EXPECT_TRUE(starts_with(reason_of(row(doc, "truncated")), "descriptor lies about its size"));
  EXPECT_EQ(row(doc, "bad-names").at("status"), "rejected");
  EXPECT_TRUE(starts_with(reason_of(row(doc, "bad-names")), "invalid plugin name 'Bad Name!'"));

  const json &newer = row(doc, "newer-minor");
  EXPECT_EQ(newer.at("status"), "ok");
  EXPECT_EQ(newer.at("plugin").at("abi"), "1.99");
  EXPECT_EQ(backend(newer, "newer-display").at("status"), "ok");
  EXPECT_EQ(backend(newer, "newer-display").at("target_kinds"), json({"wayland_output"}));

  const json &within = row(doc, "dup-within");
  EXPECT_EQ(within.at("backends").at(0).at("status"), "ok");
  EXPECT_EQ(within.at("backends").at(1).at("status"), "skipped");
  EXPECT_EQ(reason_of(within.at("backends").at(1)),
            "duplicate backend name 'twin': already backend #0 of this plugin; skipped");
  EXPECT_EQ(backend(row(doc, "dup-first"), "shared-encoder").at("status"), "ok");
  const json &second = backend(row(doc, "dup-second"), "shared-encoder");
  EXPECT_EQ(second.at("status"), "skipped");
  EXPECT_TRUE(starts_with(reason_of(second),
                          "duplicate backend name 'shared-encoder': already provided by plugin "
                          "'dup-first' ("))
      << reason_of(second);

  const json &init = row(doc, "init-fail");
  EXPECT_EQ(init.at("status"), "init_failed");
  EXPECT_EQ(reason_of(init), "init failed: unavailable: license server unreachable");
  EXPECT_EQ(backend(init, "init-fail-display").at("status"), "not_probed");

  const json &crash = row(doc, "crash-probe");
  EXPECT_EQ(crash.at("status"), "crashed");
  EXPECT_EQ(reason_of(crash), "crashed: SIGSEGV in probe of backend 'crasher'");
  EXPECT_EQ(backend(crash, "crash-survivor").at("status"), "ok");
  EXPECT_FALSE(backend(crash, "crash-survivor").at("usable").get<bool>());
  EXPECT_EQ(backend(crash, "crasher").at("status"), "crashed");
  EXPECT_EQ(reason_of(row(doc, "abort-probe")), "aborted: SIGABRT in probe of backend 'aborter'");
  EXPECT_EQ(row(doc, "crash-entry").at("status"), "crashed");
  EXPECT_EQ(reason_of(row(doc, "crash-entry")), "crashed: SIGSEGV in pfhost_plugin_entry");
  EXPECT_EQ(reason_of(row(doc, "exit-probe")), "exited with status 3 in probe of backend 'exiter'");

  const json &moody = row(doc, "moody");
  EXPECT_EQ(moody.at("status"), "ok");
  EXPECT_EQ(backend(moody, "absent-display").at("status"), "unavailable");
  EXPECT_EQ(reason_of(backend(moody, "absent-display")),
            "the fake compositor is not running (start it and retry)");
  EXPECT_EQ(backend(moody, "unsupported-encoder").at("status"), "unsupported");
  EXPECT_EQ(reason_of(backend(moody, "unsupported-encoder")), "no fake GPU in this machine");

  const json &bad = row(doc, "bad-backends");
  EXPECT_EQ(bad.at("status"), "ok");
  ASSERT_EQ(bad.at("backends").size(), 5u);
  EXPECT_EQ(bad.at("backends").at(0).at("status"), "ok");
  for (size_t i = 1; i < 5; ++i) EXPECT_EQ(bad.at("backends").at(i).at("status"), "skipped");
  EXPECT_TRUE(starts_with(reason_of(bad.at("backends").at(1)),
                          "backend #1 has an invalid name 'Oops Caps'"));
  EXPECT_TRUE(starts_with(reason_of(bad.at("backends").at(2)),
                          "backend #2: backend struct lies about its size"));
  EXPECT_TRUE(
      starts_with(reason_of(bad.at("backends").at(3)), "display table lies about its size"));
  EXPECT_TRUE(starts_with(reason_of(bad.at("backends").at(4)),
                          "a capture backend must set exactly its capture table"));

  // Selection walks rank order past what did not probe OK.
  const json &display = doc.at("selection").at("display");
  EXPECT_EQ(display.at("selected"), "good-display");
  EXPECT_EQ(display.at("passed_over").at(0).at("backend"), "absent-display");
  EXPECT_TRUE(starts_with(reason_of(display.at("passed_over").at(0)), "unavailable: "));
  EXPECT_EQ(doc.at("selection").at("encode").at("selected"), "good-encoder");
}

TEST_F(ListBackends, WrongArchitectureIsNamed) {
  const auto copy = copy_fakes(plugins, {"good"}).front();
  const auto patched = plugins / "pfhost-fake-loader-arm.so";
  fs::rename(copy, patched);
  {
    std::fstream f(patched, std::ios::in | std::ios::out | std::ios::binary);
    const uint16_t machine = EM_AARCH64;  // little-endian host: low byte first
    f.seekp(18);
    f.write(reinterpret_cast<const char *>(&machine), sizeof machine);
  }
  write_config(10000);
  const json doc = list();
  EXPECT_EQ(row(doc, "arm").at("status"), "rejected");
  EXPECT_EQ(reason_of(row(doc, "arm")), "wrong architecture: aarch64, host is x86_64");
}

// The pid of the child the hang-probe fake forks, as it recorded it; 0 when it wrote none.
pid_t recorded_pid(const fs::path &file) {
  try {
    return static_cast<pid_t>(std::stol(read_file(file)));
  } catch (const std::exception &) {
    return 0;
  }
}

TEST_F(ListBackends, HungProbeIsKilledAndQuarantined) {
  copy_fakes(plugins, {"hang-probe", "good"});
  write_config(1000);
  // The probe forks a child and records its pid here; the path is unique to this test, so it
  // also marks the child in /proc/<pid>/environ.
  const fs::path child_pid_file = tmp / "hang-child.pid";
  const std::string mark = "PFHOST_TEST_HANG_CHILD_PID_FILE=" + child_pid_file.string();
  // Whatever happens below, no process of the plugin's is left behind by this test.
  struct KillLeftover {
    const fs::path &file;
    const std::string &mark;
    ~KillLeftover() {
      const pid_t pid = recorded_pid(file);
      if (running_with_env(pid, mark)) ::kill(pid, SIGKILL);
    }
  } kill_leftover{child_pid_file, mark};

  const auto start = std::chrono::steady_clock::now();
  const json first = list({}, {{"PFHOST_TEST_HANG_CHILD_PID_FILE", child_pid_file.string()}});
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::seconds(15));
  const json &hang = row(first, "hang-probe");
  EXPECT_EQ(hang.at("status"), "timed_out");
  EXPECT_EQ(reason_of(hang), "probe timed out after 1000 ms (stuck in probe of backend 'hanger')");
  EXPECT_EQ(backend(hang, "hanger").at("status"), "timed_out");
  EXPECT_EQ(row(first, "good").at("status"), "ok");  // the others are not held up
  EXPECT_EQ(count_lines(marker), 1u);

  // The timeout took the probe's own child down too (the worker's whole process group), not
  // just the worker: a plugin's helper process must not outlive its hung probe.
  const pid_t child = recorded_pid(child_pid_file);
  ASSERT_GT(child, 0) << "the hanging probe recorded no child pid";
  EXPECT_TRUE(wait_not_running(child, mark, std::chrono::seconds(5)))
      << "the hung probe's child (pid " << child << ") is still running after the timeout";

  const auto again = std::chrono::steady_clock::now();
  const json second = list();
  EXPECT_LT(std::chrono::steady_clock::now() - again, std::chrono::milliseconds(900));
  const json &quarantined = row(second, "hang-probe");
  EXPECT_EQ(quarantined.at("status"), "quarantined");
  EXPECT_TRUE(
      starts_with(reason_of(quarantined), "quarantined: hung (probe timed out after 1000 ms) on "));
  EXPECT_NE(reason_of(quarantined).find("; change or reinstall the file to retry"),
            std::string::npos);
  EXPECT_EQ(count_lines(marker), 1u);
}

TEST_F(ListBackends, CrashedPluginIsQuarantinedUntilItsFileChanges) {
  const auto crash = copy_fakes(plugins, {"crash-probe"}).front();
  write_config(10000);
  EXPECT_EQ(row(list(), "crash-probe").at("status"), "crashed");
  EXPECT_EQ(count_lines(marker), 1u);

  const json second = list();
  const json &quarantined = row(second, "crash-probe");
  EXPECT_EQ(quarantined.at("status"), "quarantined");
  EXPECT_EQ(quarantined.at("cache"), "hit");
  EXPECT_TRUE(starts_with(reason_of(quarantined), "quarantined: crashed (SIGSEGV) on "))
      << reason_of(quarantined);
  EXPECT_EQ(backend(quarantined, "crasher").at("status"), "not_probed");  // descriptor kept
  EXPECT_EQ(count_lines(marker), 1u);                                     // not run again

  // --no-cache ignores the quarantine for one run (and writes nothing).
  EXPECT_EQ(row(list({"--no-cache"}), "crash-probe").at("status"), "crashed");
  EXPECT_EQ(count_lines(marker), 2u);
  EXPECT_EQ(row(list(), "crash-probe").at("status"), "quarantined");

  bump_mtime(crash);  // a reinstall
  EXPECT_EQ(row(list(), "crash-probe").at("status"), "crashed");
  EXPECT_EQ(count_lines(marker), 3u);
}

// Replaces every `from` in the file with `to` (the same length), in place: other bytes, same size.
void rewrite_same_size(const fs::path &file, const std::string &from, const std::string &to) {
  ASSERT_EQ(from.size(), to.size());
  std::string bytes;
  {
    std::ifstream in(file, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  size_t replaced = 0;
  for (size_t at = bytes.find(from); at != std::string::npos; at = bytes.find(from, at)) {
    bytes.replace(at, from.size(), to);
    ++replaced;
  }
  ASSERT_GT(replaced, 0u) << from << " not found in " << file;
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

TEST_F(ListBackends, ReinstallWithinTheSameSecondAndSameSizeIsProbedAgain) {
  // A package upgrade can replace a plugin with a build of the same size within one second: only
  // the mtime's nanoseconds tell the files apart. A quarantined plugin reinstalled that way (with
  // a fix, say) must be probed again, not kept in quarantine by the old file's cache entry.
  const fs::path crash = copy_fakes(plugins, {"crash-probe"}).front();
  write_config(10000);
  const time_t second = ::time(nullptr);
  set_mtime(crash, timespec{second, 100'000'000});
  const uintmax_t size = fs::file_size(crash);
  EXPECT_EQ(row(list(), "crash-probe").at("status"), "crashed");
  const json quarantined = list();  // the cache does serve the unchanged file
  EXPECT_EQ(row(quarantined, "crash-probe").at("status"), "quarantined");
  EXPECT_EQ(row(quarantined, "crash-probe").at("cache"), "hit");
  ASSERT_EQ(count_lines(marker), 1u);

  // The reinstall: other bytes (a backend's description), the same size, the same second.
  rewrite_same_size(crash, "segfaults in probe", "SEGFAULTS IN PROBE");
  set_mtime(crash, timespec{second, 600'000'000});
  ASSERT_EQ(fs::file_size(crash), size);

  const json after = list();
  const json &reinstalled = row(after, "crash-probe");
  EXPECT_EQ(reinstalled.at("status").get<std::string>(), "crashed")
      << "the reinstalled file was kept in quarantine: " << reason_of(reinstalled);
  EXPECT_EQ(reinstalled.at("cache").get<std::string>(), "miss")
      << "the old file's cache entry served the new file";
  EXPECT_EQ(count_lines(marker), 2u) << "the reinstalled file was not probed";
  EXPECT_EQ(backend(reinstalled, "crasher").at("description").get<std::string>(),
            "SEGFAULTS IN PROBE");
}

TEST_F(ListBackends, CacheHoldsDescriptorsAndVerdictsButProbesRunEveryTime) {
  copy_fakes(plugins, {"good", "abi2", "crash-probe"});
  write_config(10000);
  const json first = list();
  EXPECT_EQ(row(first, "good").at("cache"), "miss");
  EXPECT_EQ(first.at("cache").at("file"), (tmp / "cache" / "plugin-cache.json").string());

  const json cache = json::parse(read_file(tmp / "cache" / "plugin-cache.json"));
  std::map<std::string, json> by_file;
  for (const auto &e : cache.at("entries")) {
    by_file[fs::path(e.at("path").get<std::string>()).filename().string()] = e;
    EXPECT_EQ(e.at("host_abi"), "1.2");
  }
  const json &good = by_file["pfhost-fake-loader-good.so"];
  EXPECT_EQ(good.at("verdict"), "descriptor");
  EXPECT_EQ(good.at("size"), fs::file_size(plugins / "pfhost-fake-loader-good.so"));
  EXPECT_TRUE(good.contains("mtime_ns"));
  EXPECT_EQ(good.at("descriptor").at("name"), "good");
  EXPECT_EQ(good.at("descriptor").at("backends").size(), 3u);
  EXPECT_EQ(good.at("descriptor").at("backends").at(0).at("name"), "good-display");
  EXPECT_EQ(by_file["pfhost-fake-loader-abi2.so"].at("verdict"), "rejected");
  EXPECT_EQ(by_file["pfhost-fake-loader-crash-probe.so"].at("verdict"), "quarantined");
  EXPECT_EQ(by_file["pfhost-fake-loader-crash-probe.so"].at("summary"), "crashed (SIGSEGV)");
  EXPECT_FALSE(fs::exists(tmp / "cache" / ("plugin-cache.json.tmp")));

  const json second = list();
  for (const char *name : {"good", "abi2", "crash-probe"}) {
    EXPECT_EQ(row(second, name).at("cache"), "hit") << name;
  }
  EXPECT_EQ(reason_of(row(second, "abi2")), "built for ABI 2.x, host speaks 1.x");
  EXPECT_EQ(backend(row(second, "good"), "good-display").at("status"), "ok");
  EXPECT_EQ(count_lines(tmp / "good-marker"), 2u);  // availability probed on both runs
}

TEST_F(ListBackends, PluginSourcesFromCliEnvironmentAndConfigFiles) {
  const fs::path env_dir = tmp / "env-plugins";
  const fs::path single = tmp / "single";
  copy_fakes(plugins, {"moody"});
  copy_fakes(env_dir, {"good"});
  copy_fakes(single, {"newer-minor"});
  write_config(10000, "plugin_files = [\"" +
                          (single / "pfhost-fake-loader-newer-minor.so").string() + "\", \"" +
                          (tmp / "absent.so").string() + "\"]\n");
  const json doc =
      list({}, {{"PFHOST_PLUGIN_PATH", env_dir.string() + "::" + (tmp / "nowhere").string()}});
  EXPECT_EQ(row(doc, "moody").at("origin"), "--plugin-dir");
  EXPECT_EQ(row(doc, "good").at("origin"), "PFHOST_PLUGIN_PATH");
  EXPECT_EQ(row(doc, "good").at("status"), "ok");
  EXPECT_EQ(row(doc, "newer-minor").at("origin"), "config plugin_files");
  const json &sources = doc.at("sources");
  ASSERT_EQ(sources.size(), 5u) << sources.dump(2);
  EXPECT_EQ(sources.at(0).at("origin"), "--plugin-dir");
  EXPECT_EQ(sources.at(1).at("path"), env_dir.string());
  EXPECT_EQ(sources.at(2).at("status"), "missing");
  EXPECT_EQ(reason_of(sources.at(2)), "no such directory");
  EXPECT_EQ(sources.at(4).at("status"), "missing");
  bool absent_row = false;
  for (const auto &p : doc.at("plugins")) {
    if (p.at("path") == (tmp / "absent.so").string()) {
      absent_row = true;
      EXPECT_EQ(p.at("status"), "missing");
    }
  }
  EXPECT_TRUE(absent_row);
}

TEST_F(ListBackends, OriginMeansTheDirectoryOfThePfhostBinary) {
  fs::create_directories(tmp / "bin");
  fs::copy_file(pfhost_binary(), tmp / "bin" / "pfhost");
  copy_fakes(tmp / "lib" / "fakes", {"good"});
  write_config(10000);
  write_file(config, "[host]\nplugin_dirs = [\"$ORIGIN/../lib/fakes\"]\ncache_dir = \"" +
                         (tmp / "cache").string() + "\"\n");
  RunResult r =
      run(tmp / "bin" / "pfhost", {"--list-backends", "--json", "--config", config.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc.at("sources").at(0).at("path"), (tmp / "lib" / "fakes").string());
  EXPECT_EQ(row(doc, "good").at("status"), "ok");
}

TEST_F(ListBackends, NothingAvailableStillExitsZero) {
  copy_fakes(plugins, {"moody"});
  write_config(10000, "", "[backends]\ndisplay = [\"absent-display\", \"not-there\"]\n");
  const json doc = list();
  const json &display = doc.at("selection").at("display");
  EXPECT_TRUE(display.at("selected").is_null());
  EXPECT_EQ(reason_of(display),
            "none available: absent-display: unavailable: the fake compositor is not running "
            "(start it and retry); not-there: not installed (no plugin provides it)");
}

TEST_F(ListBackends, BrokenConfigExitsNonZeroWithFileAndLine) {
  write_file(config, "[host]\nprobe_timeout_ms = = 3\n");
  RunResult r = list_raw();
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(config.string() + ":2:"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(ListBackends, ConfigTypeErrorNamesTheKey) {
  write_file(config, "[host]\nprobe_timeout_ms = \"soon\"\n");
  RunResult r = list_raw();
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(config.string() + ":2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("probe_timeout_ms"), std::string::npos) << r.err;
}

TEST_F(ListBackends, HumanListingIsATable) {
  copy_fakes(plugins, {"good", "moody"});
  write_config(10000);
  RunResult r = run_pfhost(
      {"--list-backends", "--config", config.string(), "--plugin-dir", plugins.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char *text : {"Plugin sources", "Plugins\n", "Backends\n", "Selection\n",
                           "KIND     NAME", "display  good-display", "unavailable: the fake"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << text << "\n" << r.out;
  }
}

// The SDK's config policy end to end: a plugin reading its table with pfhost/plugin_config.hpp
// reports a typo'd key from its probe, and the listing shows it on the backend's row, with the
// key the user meant; the backend is then not selected.
TEST_F(ListBackends, TypoInAPluginTableShowsOnItsBackendRow) {
  copy_fakes(plugins, {"config-typo"});
  write_config(10000, "", "[plugins.config-typo]\nsway_bianry = \"/opt/sway\"\n");
  const std::string error =
      "[plugins.config-typo] unknown key 'sway_bianry' (did you mean 'sway_binary'?)";

  RunResult text = run_pfhost(
      {"--list-backends", "--config", config.string(), "--plugin-dir", plugins.string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  const size_t row_at = text.out.find("capture  config-typo-capture");
  ASSERT_NE(row_at, std::string::npos) << text.out;
  const std::string row_text = text.out.substr(row_at, text.out.find('\n', row_at) - row_at);
  EXPECT_NE(row_text.find("failed: invalid argument: " + error), std::string::npos) << row_text;

  const json doc = list();
  const json &b = backend(row(doc, "config-typo"), "config-typo-capture");
  EXPECT_EQ(b.at("status"), "failed");
  EXPECT_EQ(reason_of(b), "invalid argument: " + error);
  EXPECT_FALSE(b.at("usable").get<bool>());
  EXPECT_EQ(row(doc, "config-typo").at("status"), "ok") << "init itself still succeeds";
}

TEST_F(ListBackends, PluginTableWithOnlyKnownKeysProbesOk) {
  copy_fakes(plugins, {"config-typo"});
  write_config(10000, "", "[plugins.config-typo]\nsway_binary = \"/opt/sway\"\n");
  const json doc = list();
  const json &b = backend(row(doc, "config-typo"), "config-typo-capture");
  EXPECT_EQ(b.at("status"), "ok") << reason_of(b);
  EXPECT_EQ(reason_of(b), "config is fine");
}

TEST(Pfhost, VersionNamesTheAbi) {
  RunResult r = run_pfhost({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(starts_with(r.out, "pfhost ")) << r.out;
  EXPECT_NE(r.out.find("(plugin ABI 1.2)"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pfhost::test
