// Table-driven error cases: a host.toml text and the exact ConfigError message it must produce.
#pragma once

#include <ostream>
#include <string>

#include <gtest/gtest.h>

namespace pfhost::test {

struct ErrorCase {
  const char *name;  // the test's name suffix
  std::string text;
  std::string message;
};

inline std::ostream &operator<<(std::ostream &out, const ErrorCase &c) {
  return out << c.name;
}
// Names each instantiated test after its case.
struct CaseName {
  std::string operator()(const testing::TestParamInfo<ErrorCase> &param) const {
    return param.param.name;
  }
};

// The "(accepted: ...)" parts the messages share.
inline const std::string kTablesHint =
    "accepted: [host], [backends], [display], [stream], [plugins.<name>], [serve]";
inline const std::string kHostKeysHint =
    "accepted: plugin_dirs, plugin_files, probe_timeout_ms, cache_dir, log_level";
inline const std::string kPathHint =
    "accepted: an absolute path, a path relative to this file's directory, or a path starting "
    "with $ORIGIN/";
inline const std::string kPathArrayHint =
    "accepted: an array of paths, each absolute, relative to this file's directory, or starting "
    "with $ORIGIN/";
inline const std::string kNameHint = "accepted: lowercase letters, digits, '_' and '-'";
inline const std::string kKeepAliveHint =
    "accepted: \"off\", \"forever\" or a duration such as \"500ms\", \"10s\", \"2m\", \"1h\"";
inline std::string backend_hint(const std::string &example) {
  return "accepted: \"auto\" or a non-empty array of backend names such as [\"" + example + "\"]";
}

}  // namespace pfhost::test
