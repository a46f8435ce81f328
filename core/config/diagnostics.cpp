#include "config/diagnostics.hpp"

#include <algorithm>

#include "config/host_config.hpp"

namespace pfhost::core::config {
namespace {

// Enough to fix a file in one pass without burying the first error in noise.
constexpr size_t kMaxReported = 20;

}  // namespace

void Diagnostics::report(SourcePoint at, std::string_view key, std::string_view problem,
                         std::string_view accepted) {
  std::string text = "key '";
  text.append(key).append("': ").append(problem);
  if (!accepted.empty()) text.append(" (").append(accepted).append(")");
  add(at, text);
}

void Diagnostics::report_syntax(SourcePoint at, std::string_view description) {
  add(at, "invalid TOML: " + std::string(description));
}

void Diagnostics::add(SourcePoint at, std::string_view text) {
  std::string line = file_;
  if (at.line != 0) {
    line.append(":").append(std::to_string(at.line));
    line.append(":").append(std::to_string(at.column));
  }
  line.append(": ").append(text);
  errors_.push_back({at, std::move(line)});
}

void Diagnostics::throw_if_any() const {
  if (errors_.empty()) return;
  std::vector<Entry> sorted = errors_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Entry &a, const Entry &b) {
    return a.at.line != b.at.line ? a.at.line < b.at.line : a.at.column < b.at.column;
  });
  std::string message;
  for (size_t i = 0; i < sorted.size() && i < kMaxReported; ++i) {
    if (i != 0) message.push_back('\n');
    message += sorted[i].text;
  }
  if (sorted.size() > kMaxReported) {
    message +=
        "\n" + file_ + ": ... and " + std::to_string(sorted.size() - kMaxReported) + " more errors";
  }
  throw ConfigError(message);
}

}  // namespace pfhost::core::config
