// A worker's stdout as lines: chunks arrive in whatever pieces the pipe delivers; complete lines
// go to the caller as they complete, and the bytes count against the worker's output limit. Both
// OS launchers feed it, so line handling (including Windows' "\r\n") is the same everywhere.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace pfhost::core::os {

class WorkerOutputLines {
 public:
  using LineHandler = std::function<void(std::string_view line)>;

  // Appends `chunk` and hands each now-complete line (without its "\n" or "\r\n") to on_line
  // (may be empty: lines are then only counted). Returns false once more than `max_bytes` have
  // arrived in total; the lines that did complete have still been handed over.
  bool append(std::string_view chunk, const LineHandler &on_line, size_t max_bytes);

  size_t total_bytes() const { return total_bytes_; }

 private:
  std::string pending_;  // output after the last complete line
  size_t total_bytes_ = 0;
};

}  // namespace pfhost::core::os
