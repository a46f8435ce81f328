#include "capture_diagnostics.hpp"

#include <cinttypes>
#include <cstdio>

namespace pfhost::pipewire {

std::string describe_format(const CaptureDiagnostics &d) {
  std::string text = std::to_string(d.width) + "x" + std::to_string(d.height) + " " + d.format_name;
  if (d.dmabuf) {
    char modifier[32];
    std::snprintf(modifier, sizeof modifier, "0x%" PRIx64, d.modifier);
    text += std::string(" dma-buf modifier ") + modifier;
  }
  return text;
}

std::string describe_timeout(const CaptureDiagnostics &d, uint32_t timeout_ms) {
  const std::string node = std::to_string(d.node_id);
  const std::string within = std::to_string(timeout_ms) + " ms";
  const std::string prefix = "no frame from PipeWire node " + node + " within " + within + ": ";
  if (!d.active)
    return prefix + "capture is paused (set_active(0)); a paused stream receives no buffers";
  if (!d.negotiated) {
    std::string text;
    if (d.ever_negotiated)
      text = prefix + "format no longer negotiated (the source was unlinked or is renegotiating)";
    else
      text = prefix + "format never negotiated (is node " + node +
             " a video source? is wireplumber running?)";
    text += std::string(" [stream state: ") + d.stream_state;
    if (!d.media_class.empty()) text += ", node media.class: " + d.media_class;
    return text + "]";
  }
  const std::string format = describe_format(d);
  if (d.buffers_received == 0)
    return prefix + "format negotiated (" + format + ") but no buffers arrived within " + within +
           " (a compositor sends frames only on damage)";
  if (d.frames_accepted == 0)
    return prefix + "format negotiated (" + format + "); " + std::to_string(d.buffers_received) +
           " buffers arrived but none was usable (last: " + d.last_skip_reason + ")";
  std::string text = prefix + "no new buffer since frame " + std::to_string(d.frames_accepted) +
                     " (" + format + "; a compositor sends frames only on damage";
  if (d.buffers_skipped != 0)
    text +=
        "; " + std::to_string(d.buffers_skipped) + " buffers skipped, last: " + d.last_skip_reason;
  return text + ")";
}

}  // namespace pfhost::pipewire
