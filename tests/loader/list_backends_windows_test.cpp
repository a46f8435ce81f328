// `pfhost.exe --list-backends --json` (under wine in CI) against the fake plugins built as DLLs:
// every way a Windows plugin can be broken gives its diagnostic row (access violations in the
// entry point, in a probe and in DllMain; abort; a hang; a 32-bit DLL; text and garbage named
// *.dll), the host survives all of them and exits 0, and a second (warm) run skips the
// quarantined ones quickly.
#include <windows.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "listing_fixture.hpp"

namespace pfhost::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

using ListBackendsWindows = ListingFixture;

TEST_F(ListBackendsWindows, GoodPluginProbesAndIsSelected) {
  copy_fakes(plugins, {"good"});
  write_config(10000);
  const json doc = list();
  const json &good = row(doc, "good");
  EXPECT_EQ(good.at("status"), "ok");
  EXPECT_EQ(good.at("plugin").at("abi"), "1.2");
  EXPECT_EQ(doc.at("selection").at("display").at("selected"), "good-display");
  EXPECT_EQ(doc.at("selection").at("encode").at("selected"), "good-encoder");
}

TEST_F(ListBackendsWindows, EveryBrokenPluginGetsItsDiagnosticAndTheHostSurvives) {
  copy_fakes(plugins,
             {"good", "abi2", "newer-minor", "truncated", "no-entry", "dup-first", "dup-second",
              "crash-probe", "crash-entry", "crash-dllmain", "abort-probe", "hang-probe"});
  // Text and random bytes named like plugins.
  write_file(plugins / "pfhost-fake-loader-text.dll", "This is a text file, not a DLL.\n");
  {
    std::mt19937 random(42);
    std::string garbage(4096, '\0');
    for (char &c : garbage) c = static_cast<char>(random());
    garbage[0] = 'M', garbage[1] = 'Z';  // even with the right first two bytes
    std::ofstream(plugins / "pfhost-fake-loader-garbage.dll", std::ios::binary) << garbage;
  }
  // A 32-bit DLL as far as its COFF header goes (Machine = IMAGE_FILE_MACHINE_I386): it must be
  // refused before LoadLibrary, which is all the header check is for.
  {
    const fs::path dll = plugins / "pfhost-fake-loader-x86.dll";
    fs::copy_file(fake_plugin("good"), dll);
    std::fstream f(dll, std::ios::in | std::ios::out | std::ios::binary);
    uint32_t pe_offset = 0;
    f.seekg(0x3c);
    f.read(reinterpret_cast<char *>(&pe_offset), sizeof pe_offset);
    const uint16_t i386 = 0x014c;
    f.seekp(pe_offset + 4);
    f.write(reinterpret_cast<const char *>(&i386), sizeof i386);
  }
  write_config(3000);
  const auto started = std::chrono::steady_clock::now();
  const json doc = list();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));

  EXPECT_EQ(row(doc, "good").at("status"), "ok");
  EXPECT_EQ(row(doc, "newer-minor").at("status"), "ok");
  EXPECT_EQ(row(doc, "text").at("status"), "rejected");
  EXPECT_EQ(reason_of(row(doc, "text")), "not a DLL (no MZ header)");
  EXPECT_EQ(row(doc, "garbage").at("status"), "rejected");
  EXPECT_EQ(reason_of(row(doc, "garbage")), "not a DLL (truncated or corrupt PE header)");
  EXPECT_EQ(row(doc, "x86").at("status"), "rejected");
  EXPECT_EQ(reason_of(row(doc, "x86")), "wrong architecture: i386 (32-bit), host is x86-64");
  EXPECT_EQ(reason_of(row(doc, "abi2")), "built for ABI 2.x, host speaks 1.x");
  EXPECT_EQ(row(doc, "no-entry").at("status"), "rejected");
  EXPECT_EQ(reason_of(row(doc, "no-entry")).rfind("no entry symbol", 0), 0u)
      << reason_of(row(doc, "no-entry"));
  EXPECT_EQ(row(doc, "truncated").at("status"), "rejected");

  const json &crash = row(doc, "crash-probe");
  EXPECT_EQ(crash.at("status"), "crashed");
  EXPECT_EQ(reason_of(crash),
            "crashed: EXCEPTION_ACCESS_VIOLATION (0xC0000005) in probe of backend 'crasher'");
  EXPECT_EQ(row(doc, "crash-entry").at("status"), "crashed");
  EXPECT_EQ(reason_of(row(doc, "crash-entry")),
            "crashed: EXCEPTION_ACCESS_VIOLATION (0xC0000005) in pfhost_plugin_entry");
  // A crash in DllMain happens inside LoadLibrary, before the entry point. Wine's loader (like
  // Windows' for some exceptions) catches it and fails the load with ERROR_NOACCESS; a loader
  // that lets it through kills the worker instead. Either way it is a row, not a dead host.
  const json &dllmain = row(doc, "crash-dllmain");
  if (dllmain.at("status") == "crashed") {
    EXPECT_NE(reason_of(dllmain).find("EXCEPTION_ACCESS_VIOLATION (0xC0000005)"), std::string::npos)
        << reason_of(dllmain);
  } else {
    EXPECT_EQ(dllmain.at("status"), "rejected") << dllmain;
    // The system's text for error 998 differs between Windows versions and wine.
    EXPECT_EQ(reason_of(dllmain).rfind("cannot load: ", 0), 0u) << reason_of(dllmain);
    EXPECT_TRUE(reason_of(dllmain).ends_with(
        "(error 998); the DLL's initialisation (DllMain) failed or crashed"))
        << reason_of(dllmain);
  }
  EXPECT_EQ(reason_of(row(doc, "abort-probe")),
            "aborted: STATUS_FATAL_APP_EXIT (0x40000015) in probe of backend 'aborter'");
  const json &hang = row(doc, "hang-probe");
  EXPECT_EQ(hang.at("status"), "timed_out");
  EXPECT_EQ(reason_of(hang), "probe timed out after 3000 ms (stuck in probe of backend 'hanger')");
  EXPECT_EQ(count_lines(marker), 2u);  // the crash and the hang probes each ran once

  // Warm: the crashed, aborted and hung plugins are quarantined and not run again, so the
  // listing no longer waits for the hang's timeout.
  const auto warm_start = std::chrono::steady_clock::now();
  const json warm = list();
  const auto warm_took = std::chrono::steady_clock::now() - warm_start;
  EXPECT_LT(warm_took, std::chrono::milliseconds(2500));
  for (const char *name : {"crash-probe", "crash-entry", "abort-probe", "hang-probe"}) {
    EXPECT_EQ(row(warm, name).at("status"), "quarantined") << name;
  }
  EXPECT_EQ(reason_of(row(warm, "hang-probe"))
                .rfind("quarantined: hung (probe timed out after 3000 ms) on ", 0),
            0u)
      << reason_of(row(warm, "hang-probe"));
  EXPECT_EQ(count_lines(marker), 2u);
  EXPECT_EQ(row(warm, "good").at("status"), "ok");
}

TEST_F(ListBackendsWindows, HungProbesChildIsKilledWithIt) {
  copy_fakes(plugins, {"hang-probe"});
  write_config(1500);
  const fs::path child_pid_file = tmp / "hang-child.pid";
  RunResult r = run_pfhost(
      {"--list-backends", "--json", "--config", config.string(), "--plugin-dir", plugins.string()},
      {{"PFHOST_TEST_HANG_CHILD_PID_FILE", child_pid_file.string()}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const DWORD child = static_cast<DWORD>(std::stoul(read_file(child_pid_file)));
  ASSERT_GT(child, 0u);
  HANDLE process = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE, FALSE, child);
  if (process == nullptr) return;  // gone already
  const bool ended = WaitForSingleObject(process, 5000) == WAIT_OBJECT_0;
  if (!ended) TerminateProcess(process, 1);  // leave nothing behind either way
  CloseHandle(process);
  EXPECT_TRUE(ended) << "the hung probe's child (pid " << child << ") outlived the timeout";
}

}  // namespace
}  // namespace pfhost::test
