#include "log_text.hpp"

#include <charconv>

namespace pfhost::gamescope {

std::string strip_ansi(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\x1b') {
      out += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '[') {
      // CSI: parameters and intermediates, then one final byte in 0x40..0x7e.
      size_t j = i + 2;
      while (j < text.size() && !(text[j] >= 0x40 && text[j] <= 0x7e)) ++j;
      i = j;
    } else {
      ++i;  // a two-byte escape
    }
  }
  return out;
}

std::optional<uint32_t> last_announced_node(std::string_view log) {
  static constexpr std::string_view kMarker = "stream available on node ID: ";
  const std::string text = strip_ansi(log);
  std::optional<uint32_t> node;
  for (size_t at = text.find(kMarker); at != std::string::npos;
       at = text.find(kMarker, at + kMarker.size())) {
    const char *first = text.data() + at + kMarker.size();
    const char *last = text.data() + text.size();
    uint32_t value = 0;
    const auto [end, error] = std::from_chars(first, last, value);
    // A line still being written ("...ID: 4" of "42") has no line end yet: not complete.
    if (error == std::errc() && end != last && (*end == '\n' || *end == '\r' || *end == ' '))
      node = value;
  }
  return node;
}

std::string last_lines(std::string_view text, size_t lines) {
  std::string clean = strip_ansi(text);
  while (!clean.empty() && (clean.back() == '\n' || clean.back() == '\r')) clean.pop_back();
  size_t start = clean.size();
  size_t seen = 0;
  while (start > 0) {
    if (clean[start - 1] == '\n' && ++seen == lines) break;
    --start;
  }
  return clean.substr(start);
}

}  // namespace pfhost::gamescope
