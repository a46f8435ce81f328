// run_workers with /bin/sh as the worker: how each kind of end is reported, that stdin arrives and
// stdout comes back line by line, and that a killed worker takes what it started with it.
#include "os/worker_processes.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace pfhost::core::os {
namespace {

using namespace std::chrono_literals;

WorkerSpec shell(const std::string &script, std::vector<std::string> *lines = nullptr) {
  WorkerSpec spec;
  spec.executable = "/bin/sh";
  spec.args = {"-c", script};
  if (lines != nullptr)
    spec.on_line = [lines](std::string_view line) { lines->emplace_back(line); };
  return spec;
}

// Whether `pid` is still a running process (a zombie waiting for init to reap it counts as gone).
bool running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_text, comm, state;
  if (!(stat >> pid_text >> comm >> state)) return false;
  return state != "Z" && state != "X";
}

TEST(WorkerProcesses, ReportsHowEachWorkerEnded) {
  std::vector<WorkerSpec> specs;
  specs.push_back(shell("exit 3"));
  specs.push_back(shell("kill -SEGV $$"));
  specs.push_back(shell("sleep 5"));
  specs.push_back(shell("exec yes"));
  WorkerSpec missing;
  missing.executable = "/nonexistent/worker";
  specs.push_back(missing);
  WorkerRunOptions options;
  options.timeout = 300ms;
  options.max_output = 64 * 1024;
  const auto started = std::chrono::steady_clock::now();
  const std::vector<WorkerEnd> ends = run_workers(specs, options);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << "a worker outlived its deadline";

  ASSERT_EQ(ends.size(), specs.size());
  EXPECT_EQ(ends[0].how, WorkerEnd::How::exited);
  EXPECT_EQ(ends[0].exit_code, 3);
  EXPECT_EQ(ends[1].how, WorkerEnd::How::signaled);
  EXPECT_EQ(signal_name(ends[1].signal), "SIGSEGV");
  EXPECT_FALSE(is_abort_signal(ends[1].signal));
  EXPECT_TRUE(is_abort_signal(SIGABRT));
  EXPECT_EQ(ends[2].how, WorkerEnd::How::timed_out);
  EXPECT_GE(ends[2].elapsed, 300ms);
  EXPECT_EQ(ends[3].how, WorkerEnd::How::flooded);
  EXPECT_EQ(ends[4].how, WorkerEnd::How::spawn_failed);
  EXPECT_NE(ends[4].error.find("/nonexistent/worker"), std::string::npos) << ends[4].error;
}

TEST(WorkerProcesses, InputGoesInAndCompleteLinesComeBack) {
  std::vector<std::string> lines;
  WorkerSpec spec = shell("cat; printf 'last line without newline'", &lines);
  spec.input = "first\nsecond\n";
  const std::vector<WorkerEnd> ends = run_workers({spec}, WorkerRunOptions{});
  EXPECT_EQ(ends[0].how, WorkerEnd::How::exited);
  EXPECT_EQ(ends[0].exit_code, 0);
  // Only complete lines: an unterminated tail is not a line the worker finished saying.
  EXPECT_EQ(lines, (std::vector<std::string>{"first", "second"}));
}

TEST(WorkerProcesses, ATimedOutWorkerTakesWhatItStartedWithIt) {
  std::vector<std::string> lines;
  WorkerRunOptions options;
  options.timeout = 300ms;
  const auto ends = run_workers({shell("sleep 30 & echo $!; sleep 30", &lines)}, options);
  EXPECT_EQ(ends[0].how, WorkerEnd::How::timed_out);
  ASSERT_EQ(lines.size(), 1u);
  const pid_t child = std::stoi(lines[0]);
  // Killed with the worker's process group; allow init a moment to reap it.
  for (int i = 0; i < 100 && running(child); ++i) std::this_thread::sleep_for(20ms);
  const bool survived = running(child);
  if (survived) ::kill(child, SIGKILL);  // leave nothing behind either way
  EXPECT_FALSE(survived) << "the worker's child " << child << " outlived the timeout";
}

TEST(WorkerProcesses, AtMostMaxParallelRunAtOnce) {
  // Four workers of 200 ms, two at a time: about 400 ms, never all four together.
  std::vector<WorkerSpec> specs(4, shell("sleep 0.2"));
  WorkerRunOptions options;
  options.max_parallel = 2;
  const auto started = std::chrono::steady_clock::now();
  const auto ends = run_workers(specs, options);
  const auto took = std::chrono::steady_clock::now() - started;
  for (const WorkerEnd &end : ends) EXPECT_EQ(end.how, WorkerEnd::How::exited);
  EXPECT_GE(took, 380ms);
}

}  // namespace
}  // namespace pfhost::core::os
