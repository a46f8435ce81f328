// Collects the errors found while reading one host.toml and throws them as one ConfigError.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pfhost::core::config {

// A 1-based line and column in the file; 0 when unknown.
struct SourcePoint {
  uint32_t line = 0;
  uint32_t column = 0;
};

class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  // Records "FILE:LINE:COLUMN: key 'KEY': PROBLEM (ACCEPTED)"; the parentheses are left out when
  // `accepted` is empty.
  void report(SourcePoint at, std::string_view key, std::string_view problem,
              std::string_view accepted);
  // Records "FILE:LINE:COLUMN: invalid TOML: DESCRIPTION".
  void report_syntax(SourcePoint at, std::string_view description);

  bool empty() const { return errors_.empty(); }
  // Throws ConfigError with every recorded error, one per line in file order; returns if none.
  void throw_if_any() const;

 private:
  struct Entry {
    SourcePoint at;
    std::string text;
  };
  void add(SourcePoint at, std::string_view text);

  std::string file_;
  std::vector<Entry> errors_;
};

}  // namespace pfhost::core::config
