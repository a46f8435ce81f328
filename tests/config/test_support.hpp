// Helpers for the host.toml tests: error capture, temporary directories, scoped env and cwd.
#pragma once

#include <pfhost/test/scoped_env.hpp>
#include <pfhost/test/temp_dir.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include <gtest/gtest.h>

#include "config/host_config.hpp"

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types

// TempDir and ScopedEnv come from the shared fixtures library (tests/fixtures).

// Every parse test pretends to read this file, so messages start with "/cfg/host.toml:".
inline const std::filesystem::path kSource = "/cfg/host.toml";

// The ConfigError message parse_host_config gives for `text`, or "<no error>".
inline std::string config_error(std::string_view text,
                                const std::filesystem::path &source = kSource) {
  try {
    (void)parse_host_config(text, source);
  } catch (const ConfigError &error) {
    return error.what();
  }
  return "<no error>";
}

inline void write_file(const std::filesystem::path &file, std::string_view text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

// Changes the working directory and restores it on destruction.
class ScopedCwd {
 public:
  explicit ScopedCwd(const std::filesystem::path &dir) : old_(std::filesystem::current_path()) {
    std::filesystem::current_path(dir);
  }
  ~ScopedCwd() {
    std::error_code ignored;
    std::filesystem::current_path(old_, ignored);
  }
  ScopedCwd(const ScopedCwd &) = delete;
  ScopedCwd &operator=(const ScopedCwd &) = delete;

 private:
  std::filesystem::path old_;
};

}  // namespace pfhost::test
