// Reading gamescope's log: it colours its lines with ANSI escapes, and announces its PipeWire
// node as "stream available on node ID: N" (possibly more than once, e.g. after a restart of the
// stream: the last one counts).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pfhost::gamescope {

// `text` without ANSI escape sequences (CSI "\e[...X" and two-byte "\eX").
std::string strip_ansi(std::string_view text);

// The node id of the last "stream available on node ID: N" line.
std::optional<uint32_t> last_announced_node(std::string_view log);

// The last `lines` lines of `text` (ANSI stripped), for error messages.
std::string last_lines(std::string_view text, size_t lines);

}  // namespace pfhost::gamescope
