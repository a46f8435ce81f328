// run_workers on Windows (under wine in CI) with a purpose-built worker: how each kind of end is
// reported, stdin in and complete lines out, a worker's stray stdout kept off the channel, and
// a timed-out worker's own child killed with it (the job object).
#include <windows.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "os/worker_processes.hpp"

namespace pfhost::core::os {
namespace {

using namespace std::chrono_literals;

WorkerSpec worker(std::vector<std::string> args, std::vector<std::string> *lines = nullptr) {
  WorkerSpec spec;
  spec.executable = PFHOST_TEST_WORKER;
  spec.args = std::move(args);
  if (lines != nullptr)
    spec.on_line = [lines](std::string_view line) { lines->emplace_back(line); };
  return spec;
}

bool process_running(DWORD pid) {
  HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, pid);
  if (process == nullptr) return false;
  const bool running = WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
  CloseHandle(process);
  return running;
}

TEST(WorkerProcessesWindows, ReportsHowEachWorkerEnded) {
  std::vector<std::string> crash_lines;
  std::vector<WorkerSpec> specs;
  specs.push_back(worker({"exit", "3"}));
  specs.push_back(worker({"crash"}, &crash_lines));
  specs.push_back(worker({"abort"}));
  specs.push_back(worker({"hang"}));
  specs.push_back(worker({"flood"}));
  WorkerSpec missing;
  missing.executable = "C:\\nonexistent\\worker.exe";
  specs.push_back(missing);
  WorkerRunOptions options;
  options.timeout = 1500ms;  // wine starts a process in tens of milliseconds, sometimes more
  options.max_output = 64 * 1024;
  const auto started = std::chrono::steady_clock::now();
  const std::vector<WorkerEnd> ends = run_workers(specs, options);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s) << "a worker outlived its deadline";

  ASSERT_EQ(ends.size(), specs.size());
  EXPECT_EQ(ends[0].how, WorkerEnd::How::exited);
  EXPECT_EQ(ends[0].exit_code, 3);
  EXPECT_EQ(ends[1].how, WorkerEnd::How::signaled);
  EXPECT_EQ(signal_name(ends[1].signal), "EXCEPTION_ACCESS_VIOLATION (0xC0000005)");
  EXPECT_FALSE(is_abort_signal(ends[1].signal));
  EXPECT_EQ(crash_lines, std::vector<std::string>{"before the crash"})
      << "a line sent before a crash must arrive";
  EXPECT_EQ(ends[2].how, WorkerEnd::How::signaled);
  EXPECT_TRUE(is_abort_signal(ends[2].signal)) << signal_name(ends[2].signal);
  EXPECT_EQ(ends[3].how, WorkerEnd::How::timed_out);
  EXPECT_GE(ends[3].elapsed, 1500ms);
  EXPECT_EQ(ends[4].how, WorkerEnd::How::flooded);
  EXPECT_EQ(ends[5].how, WorkerEnd::How::spawn_failed);
  EXPECT_NE(ends[5].error.find("nonexistent"), std::string::npos) << ends[5].error;
}

TEST(WorkerProcessesWindows, InputArrivesAndLinesComeBackWithoutStrayOutput) {
  std::vector<std::string> lines;
  std::vector<WorkerSpec> specs{worker({"echo"}, &lines)};
  // Larger than a pipe's buffer, so the writer must keep feeding while the worker reads.
  std::string input;
  for (int i = 0; i < 20000; ++i) input += "line " + std::to_string(i) + "\n";
  specs[0].input = input;
  WorkerRunOptions options;
  options.timeout = 10s;
  const auto ends = run_workers(specs, options);
  ASSERT_EQ(ends[0].how, WorkerEnd::How::exited);
  EXPECT_EQ(ends[0].exit_code, 0);
  ASSERT_EQ(lines.size(), 20000u);
  EXPECT_EQ(lines.front(), "line 0");
  EXPECT_EQ(lines.back(), "line 19999");
  for (const auto &line : lines) ASSERT_EQ(line.find("stray"), std::string::npos);
}

TEST(WorkerProcessesWindows, TimeoutKillsWhatTheWorkerStarted) {
  std::vector<std::string> lines;
  std::vector<WorkerSpec> specs{worker({"spawn-and-hang"}, &lines)};
  WorkerRunOptions options;
  options.timeout = 2s;
  const auto ends = run_workers(specs, options);
  ASSERT_EQ(ends[0].how, WorkerEnd::How::timed_out);
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_EQ(lines[0].rfind("child ", 0), 0u) << lines[0];
  const DWORD child = static_cast<DWORD>(std::stoul(lines[0].substr(6)));
  // Killing the job is asynchronous for processes other than the one waited on.
  for (int i = 0; i < 100 && process_running(child); ++i) Sleep(20);
  EXPECT_FALSE(process_running(child)) << "the worker's child " << child << " outlived it";
}

TEST(WorkerProcessesWindows, RunsAtMostMaxParallelAtOnce) {
  std::vector<WorkerSpec> specs;
  for (int i = 0; i < 4; ++i) specs.push_back(worker({"hang"}));
  WorkerRunOptions options;
  options.timeout = 700ms;
  options.max_parallel = 2;
  const auto started = std::chrono::steady_clock::now();
  const auto ends = run_workers(specs, options);
  // Two rounds of 700 ms: two at once would take about 1.4 s, all at once about 0.7 s.
  EXPECT_GE(std::chrono::steady_clock::now() - started, 1400ms);
  for (const auto &end : ends) EXPECT_EQ(end.how, WorkerEnd::How::timed_out);
}

}  // namespace
}  // namespace pfhost::core::os
