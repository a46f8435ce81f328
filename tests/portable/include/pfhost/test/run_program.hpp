// Runs a program to completion and returns its exit code, stdout and stderr (through files, so
// neither pipe can fill up and stall it). POSIX spawn on Linux, CreateProcessW on Windows.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pfhost::test {

struct RunResult {
  // The exit code; 128 + signal on Linux when a signal ended it; on Windows a crash's exception
  // code (0xC0000005 ...) as the process reports it.
  long exit_code = -1;
  std::string out;
  std::string err;
};

// `env` changes the current environment for the child only: a value sets the variable, nullopt
// removes it. Throws std::runtime_error when the program cannot be started.
RunResult run_program(const std::filesystem::path &program, const std::vector<std::string> &args,
                      const std::map<std::string, std::optional<std::string>> &env = {});

// A whole file's bytes; empty when it cannot be read.
std::string read_binary_file(const std::filesystem::path &path);

}  // namespace pfhost::test
