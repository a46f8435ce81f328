#include "output/ffmpeg_log.hpp"

extern "C" {
#include <libavutil/log.h>
}

#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string>

#include "logging/log.hpp"

namespace pfhost::core {
namespace {

log::Level host_level(int level) {
  if (level <= AV_LOG_ERROR) return log::Level::error;
  if (level <= AV_LOG_WARNING) return log::Level::warn;
  if (level <= AV_LOG_INFO) return log::Level::debug;
  return log::Level::trace;
}

void on_ffmpeg_log(void *avcl, int level, const char *format, va_list args) {
  // Verbose and debug lines are dropped before formatting: FFmpeg emits them per packet.
  if (level > AV_LOG_INFO) return;
  const log::Level mapped = host_level(level);
  if (mapped < log::level()) return;
  // FFmpeg may build one line from several calls; each thread keeps its partial line.
  thread_local std::string pending;
  thread_local int print_prefix = 1;
  char part[1024];
  va_list copy;
  va_copy(copy, args);
  av_log_format_line2(avcl, level, format, copy, part, sizeof part, &print_prefix);
  va_end(copy);
  pending += part;
  if (pending.empty() || pending.back() != '\n') return;
  pending.pop_back();
  if (!pending.empty()) log::write(mapped, "ffmpeg", pending);
  pending.clear();
}

}  // namespace

void route_ffmpeg_log_into_host_log() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_callback(&on_ffmpeg_log); });
}

}  // namespace pfhost::core
