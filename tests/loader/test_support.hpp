// Helpers for the plugin tests: a private temporary directory per test, copies of the fake
// plugins, a host.toml, and running the pfhost binary as a subprocess.
#pragma once

#ifndef _WIN32
#include <sys/types.h>
#include <time.h>
#endif

#include <pfhost/test/run_program.hpp>
#include <pfhost/test/temp_dir.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::test {

// The fakes built for these tests ("good" -> <fakes dir>/pfhost-fake-loader-good.so).
std::filesystem::path fake_plugin(const std::string &name);
std::filesystem::path pfhost_binary();

// Copies fakes into `dir` (created); returns the copies' paths.
std::vector<std::filesystem::path> copy_fakes(const std::filesystem::path &dir,
                                              const std::vector<std::string> &names);

void write_file(const std::filesystem::path &path, const std::string &text);
std::string read_file(const std::filesystem::path &path);
size_t count_lines(const std::filesystem::path &path);

// Runs `program` with `args` and the current environment minus PFHOST_PLUGIN_PATH, plus `env`.
RunResult run(const std::filesystem::path &program, const std::vector<std::string> &args,
              const std::map<std::string, std::string> &env = {});
RunResult run_pfhost(const std::vector<std::string> &args,
                     const std::map<std::string, std::string> &env = {});

// Moves a file's modification time forward, as a reinstall would.
void bump_mtime(const std::filesystem::path &path);
#ifndef _WIN32
// Sets a file's modification time exactly, nanoseconds included.
void set_mtime(const std::filesystem::path &path, const timespec &mtime);

// Whether `pid` is a process still running with `mark` in its environment. The mark tells a
// process a test started from an unrelated one that got the same pid after it was reaped. A
// zombie counts as not running: it runs nothing any more, and whoever inherited it reaps it
// when it gets to it (a container's first process may never do so).
bool running_with_env(pid_t pid, const std::string &mark);
// Waits (bounded) until running_with_env() is false; true when it became false in time.
bool wait_not_running(pid_t pid, const std::string &mark, std::chrono::milliseconds bound);
#endif

}  // namespace pfhost::test
