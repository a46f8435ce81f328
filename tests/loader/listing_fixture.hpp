// What the Linux and Windows `pfhost --list-backends --json` suites share: a private folder with
// a plugins directory and a host.toml whose crash/hang fakes know where to leave their marker,
// running the listing and parsing its JSON, and finding a fake's row by name.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace pfhost::test {

class ListingFixture : public ::testing::Test {
 protected:
  TempDir tmp;
  std::filesystem::path plugins = tmp / "plugins";
  std::filesystem::path config = tmp / "host.toml";
  std::filesystem::path marker = tmp / "marker";

  // host.toml with its own cache folder and probe timeout; `host_extra` goes into [host],
  // `tables` after it. Paths are written with forward slashes, which TOML does not read as
  // escapes and Windows accepts.
  void write_config(int timeout_ms, const std::string &host_extra = "",
                    const std::string &tables = "");

  // `pfhost --list-backends --json --config <config> --plugin-dir <plugins>` plus `extra`.
  RunResult list_raw(std::vector<std::string> extra = {},
                     const std::map<std::string, std::string> &env = {});
  // The same, expecting exit 0 and JSON on stdout (a test failure otherwise, and {}).
  nlohmann::json list(std::vector<std::string> extra = {},
                      const std::map<std::string, std::string> &env = {});
};

// The row of the plugin file pfhost-fake-loader-<name> (.so or .dll); a test failure and {} when
// the listing has none.
const nlohmann::json &row(const nlohmann::json &doc, const std::string &name);

// A row's "reason", or "" when it has none.
std::string reason_of(const nlohmann::json &j);

}  // namespace pfhost::test
