#include "session/session_stats.hpp"

#include <algorithm>
#include <cstdio>

namespace pfhost::core {

namespace {
std::string printf_string(const char *format, auto... args) {
  char buffer[512];
  const int n = std::snprintf(buffer, sizeof buffer, format, args...);
  return std::string(buffer,
                     n < 0 ? 0 : std::min<size_t>(static_cast<size_t>(n), sizeof buffer - 1));
}

double seconds(std::chrono::nanoseconds d) {
  return std::chrono::duration<double>(d).count();
}
}  // namespace

std::string progress_line(const SessionStats &s) {
  return printf_string(
      "%.1fs %ux%u %.1f fps %.0f kbps | frames %llu (captured %llu, repeated %llu, dropped %llu) "
      "| latency p50 %.1f ms p99 %.1f ms",
      seconds(s.elapsed), s.width, s.height, s.fps, s.bitrate_kbps,
      static_cast<unsigned long long>(s.frames_encoded),
      static_cast<unsigned long long>(s.frames_captured),
      static_cast<unsigned long long>(s.frames_repeated),
      static_cast<unsigned long long>(s.frames_dropped), s.latency_p50_ms, s.latency_p99_ms);
}

std::string summary_text(const SessionStats &s) {
  std::string text =
      printf_string("duration %.2f s, %ux%u, %llu encoder open(s)\n", seconds(s.elapsed), s.width,
                    s.height, static_cast<unsigned long long>(s.encoder_opens));
  text += printf_string(
      "frames: captured %llu, encoded %llu (repeated %llu), dropped %llu (source %llu, "
      "mailbox %llu), late slots skipped %llu, idle slots %llu\n",
      static_cast<unsigned long long>(s.frames_captured),
      static_cast<unsigned long long>(s.frames_encoded),
      static_cast<unsigned long long>(s.frames_repeated),
      static_cast<unsigned long long>(s.frames_dropped),
      static_cast<unsigned long long>(s.frames_dropped_source),
      static_cast<unsigned long long>(s.frames_dropped_mailbox),
      static_cast<unsigned long long>(s.ticks_missed),
      static_cast<unsigned long long>(s.slots_idle));
  text += printf_string(
      "output: %llu packets, %llu keyframes, %llu bytes, %.1f fps, %.0f kbps\n",
      static_cast<unsigned long long>(s.packets), static_cast<unsigned long long>(s.keyframes),
      static_cast<unsigned long long>(s.bytes), s.average_fps, s.average_bitrate_kbps);
  text += printf_string(
      "capture-to-packet latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%llu "
      "fresh frames)",
      s.latency_p50_ms, s.latency_p99_ms, s.latency_max_ms,
      static_cast<unsigned long long>(s.latency_samples));
  text += printf_string("\nencoder time per fresh frame: p50 %.1f ms, p99 %.1f ms (%llu frames)",
                        s.encode_p50_ms, s.encode_p99_ms,
                        static_cast<unsigned long long>(s.encode_samples));
  return text;
}

}  // namespace pfhost::core
