#include "os/worker_output_lines.hpp"

namespace pfhost::core::os {

bool WorkerOutputLines::append(std::string_view chunk, const LineHandler &on_line,
                               size_t max_bytes) {
  total_bytes_ += chunk.size();
  pending_.append(chunk);
  size_t start = 0;
  for (size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string_view line = std::string_view(pending_).substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (on_line) on_line(line);
  }
  pending_.erase(0, start);
  return total_bytes_ <= max_bytes;
}

}  // namespace pfhost::core::os
