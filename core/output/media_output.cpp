#include "output/media_output.hpp"

#include <cstdint>  // FFmpeg's C headers need UINT64_C before they are read

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

#include "backends/encode_backend.hpp"
#include "logging/log.hpp"
#include "output/parameter_sets.hpp"

#include <cstring>
#include <exception>
#include <functional>
#include <mutex>
#include <utility>

namespace pfhost::core {

namespace {

constexpr AVRational kNanoseconds{1, 1'000'000'000};

std::string av_error(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

AVCodecID av_codec(uint32_t codec) {
  switch (codec) {
    case PFHOST_CODEC_H264:
      return AV_CODEC_ID_H264;
    case PFHOST_CODEC_HEVC:
      return AV_CODEC_ID_HEVC;
    case PFHOST_CODEC_AV1:
      return AV_CODEC_ID_AV1;
    default:
      return AV_CODEC_ID_NONE;
  }
}

int interrupted(void *opaque) {
  const auto *flag = static_cast<const std::atomic<bool> *>(opaque);
  return flag != nullptr && flag->load(std::memory_order_relaxed) ? 1 : 0;
}

// libavformat hands the muxed bytes to a custom writer through this; an exception must not cross
// the C code, so it is kept and rethrown, as it was, by the call that caused it.
struct WriterBridge {
  std::function<void(std::span<const uint8_t>)> writer;
  std::exception_ptr error;
};

#if LIBAVFORMAT_VERSION_MAJOR < 61
int write_to_writer(void *opaque, uint8_t *data, int size) {
#else
int write_to_writer(void *opaque, const uint8_t *data, int size) {
#endif
  auto *bridge = static_cast<WriterBridge *>(opaque);
  try {
    bridge->writer(std::span<const uint8_t>(data, static_cast<size_t>(size)));
    return size;
  } catch (...) {
    if (!bridge->error) bridge->error = std::current_exception();
    return AVERROR(EIO);
  }
}

struct Dict {
  AVDictionary *d = nullptr;
  ~Dict() { av_dict_free(&d); }
  void set(const char *key, const char *value) { av_dict_set(&d, key, value, 0); }
};

}  // namespace

struct MediaOutput::State {
  std::string url;
  OutputFormat format;
  AVFormatContext *ctx = nullptr;
  AVStream *stream = nullptr;
  StreamInfo info;
  bool header_written = false;
  bool closed = false;
  uint64_t first_pts_ns = 0;
  int64_t last_pts = INT64_MIN;
  int64_t frame_duration = 0;  // in the stream time base
  uint64_t written = 0;
  uint64_t dropped_before_keyframe = 0;
  std::string sdp;
  std::unique_ptr<WriterBridge> bridge;  // set when the bytes go to OutputOptions::writer

  void free_context() {
    if (ctx == nullptr) return;
    if (bridge && ctx->pb != nullptr) {
      av_freep(&ctx->pb->buffer);
      avio_context_free(&ctx->pb);
    } else if (ctx->pb != nullptr && (ctx->oformat->flags & AVFMT_NOFILE) == 0) {
      avio_closep(&ctx->pb);
    }
    avformat_free_context(ctx);
    ctx = nullptr;
    stream = nullptr;
  }

  void write_header(std::span<const uint8_t> keyframe);
  void open_writer(OutputOptions &options);
  // The writer's own message when it caused `err`, else FFmpeg's words for it.
  // FFmpeg's words for `err`, unless the writer caused it: then the writer's own exception.
  std::string failure(int err) const {
    if (bridge && bridge->error) std::rethrow_exception(bridge->error);
    return av_error(err);
  }
};

void MediaOutput::State::open_writer(OutputOptions &options) {
  bridge = std::make_unique<WriterBridge>();
  bridge->writer = std::move(options.writer);
  const size_t chunk = options.write_chunk > 0 ? options.write_chunk : 1316;
  auto *buffer = static_cast<unsigned char *>(av_malloc(chunk));
  if (buffer != nullptr) {
    ctx->pb = avio_alloc_context(buffer, static_cast<int>(chunk), 1, bridge.get(), nullptr,
                                 &write_to_writer, nullptr);
  }
  if (ctx->pb == nullptr) {
    av_free(buffer);
    free_context();
    throw OutputError("cannot set up output '" + url + "': out of memory");
  }
  ctx->pb->max_packet_size = static_cast<int>(chunk);
}

MediaOutput::MediaOutput(std::string url, OutputOptions options)
    : state_(std::make_unique<State>()) {
  State &s = *state_;
  s.url = std::move(url);
  if (options.writer && options.format.empty()) {
    throw OutputError("output '" + s.url + "': a custom writer needs a muxer name");
  }
  if (options.format.empty()) {
    s.format = output_format_for(s.url);
  } else {
    s.format.muxer = options.format;
    s.format.network = s.url.find("://") != std::string::npos && !s.url.starts_with("file:");
    s.format.fixed_size = options.format == "matroska" || options.format == "mp4" ||
                          options.format == "mov" || options.format == "ivf";
  }

  static std::once_flag network_once;
  if (s.format.network) std::call_once(network_once, [] { avformat_network_init(); });

  const int err =
      avformat_alloc_output_context2(&s.ctx, nullptr, s.format.muxer.c_str(), s.url.c_str());
  if (err < 0 || s.ctx == nullptr) {
    throw OutputError("cannot set up output '" + s.url + "' (" + s.format.muxer +
                      "): " + av_error(err));
  }
  s.ctx->interrupt_callback.callback = &interrupted;
  s.ctx->interrupt_callback.opaque = const_cast<std::atomic<bool> *>(options.interrupt);
  // Write every packet through at once: a network peer sees frames without buffering delay, and
  // a file holds everything up to a crash.
  s.ctx->flags |= AVFMT_FLAG_FLUSH_PACKETS;

  if (options.writer) {
    s.format.network = true;  // bytes leave through the writer: nothing to seek back to
    s.open_writer(options);
  } else if ((s.ctx->oformat->flags & AVFMT_NOFILE) == 0) {
    Dict io;
    // 7 TS packets per datagram: the size players and relays expect for MPEG-TS over UDP.
    if (s.url.starts_with("udp://") && s.url.find("pkt_size") == std::string::npos) {
      io.set("pkt_size", "1316");
    }
    const int open_err =
        avio_open2(&s.ctx->pb, s.url.c_str(), AVIO_FLAG_WRITE, &s.ctx->interrupt_callback, &io.d);
    if (open_err < 0) {
      s.free_context();
      throw OutputError(
          std::string(s.format.network ? "cannot open output '" : "cannot open output file '") +
          s.url + "': " + av_error(open_err));
    }
  }
}

MediaOutput::~MediaOutput() {
  try {
    close();
  } catch (const std::exception &e) {
    log::error(e.what());
  }
}

void MediaOutput::start_stream(const StreamInfo &info) {
  State &s = *state_;
  if (s.closed) throw OutputError("output '" + s.url + "' is already closed");
  const AVCodecID codec = av_codec(info.codec);
  if (codec == AV_CODEC_ID_NONE) {
    throw OutputError("output '" + s.url + "': unknown codec " + std::to_string(info.codec));
  }
  if (s.stream != nullptr) {
    // A second call: a new picture size (or the same after an encoder reopen).
    if (s.stream->codecpar->codec_id != codec) {
      throw OutputError("output '" + s.url + "' cannot switch codec mid-stream");
    }
    if (s.header_written && s.format.fixed_size &&
        (info.width != s.info.width || info.height != s.info.height)) {
      throw OutputError("output '" + s.url + "' (" + s.format.muxer + ") cannot change its " +
                        "picture size mid-stream");
    }
    s.info = info;
    if (!s.header_written) {
      s.stream->codecpar->width = static_cast<int>(info.width);
      s.stream->codecpar->height = static_cast<int>(info.height);
    }
    return;
  }
  if ((s.format.only_codec != 0 && s.format.only_codec != info.codec) ||
      avformat_query_codec(s.ctx->oformat, codec, FF_COMPLIANCE_NORMAL) == 0) {
    throw OutputError("output '" + s.url + "': the " + s.format.muxer + " format cannot carry " +
                      codec_name(info.codec));
  }
  s.info = info;
  s.stream = avformat_new_stream(s.ctx, nullptr);
  if (s.stream == nullptr) throw OutputError("output '" + s.url + "': out of memory");
  AVCodecParameters *par = s.stream->codecpar;
  par->codec_type = AVMEDIA_TYPE_VIDEO;
  par->codec_id = codec;
  par->width = static_cast<int>(info.width);
  par->height = static_cast<int>(info.height);
  if (info.rate.valid()) {
    const AVRational rate{static_cast<int>(info.rate.num), static_cast<int>(info.rate.den)};
    s.stream->avg_frame_rate = rate;
    s.stream->r_frame_rate = rate;
  }
  // A hint: most muxers pick their own (mkv 1/1000, TS and RTP 1/90000); read it back later.
  s.stream->time_base = AVRational{1, 90000};
}

void MediaOutput::State::write_header(std::span<const uint8_t> keyframe) {
  const std::vector<uint8_t> extradata =
      session_detail::extract_parameter_sets(stream->codecpar->codec_id, keyframe);
  if (!extradata.empty()) {
    auto *copy =
        static_cast<uint8_t *>(av_mallocz(extradata.size() + AV_INPUT_BUFFER_PADDING_SIZE));
    if (copy == nullptr) throw OutputError("output '" + url + "': out of memory");
    std::memcpy(copy, extradata.data(), extradata.size());
    stream->codecpar->extradata = copy;
    stream->codecpar->extradata_size = static_cast<int>(extradata.size());
  } else if (format.fixed_size) {
    log::warn("output '" + url + "': the first keyframe carries no parameter sets; players may " +
              "not open the file");
  }

  Dict options;
  if (format.muxer == "mp4") {
    // Fragmented: each fragment is self-contained, so a file cut short still plays. A fragment
    // starts at every keyframe and at least every second (streams often have no periodic GOP).
    options.set("movflags", "frag_keyframe+empty_moov+default_base_moof");
    options.set("frag_duration", "1000000");
  }
  const int err = avformat_write_header(ctx, &options.d);
  if (err < 0) {
    throw OutputError("cannot start output '" + url + "' (" + format.muxer + "): " + failure(err));
  }
  header_written = true;
  if (info.rate.valid()) {
    frame_duration = av_rescale_q(
        1, AVRational{static_cast<int>(info.rate.den), static_cast<int>(info.rate.num)},
        stream->time_base);
  }
  if (format.muxer == "rtp") {
    char text[4096] = {};
    if (av_sdp_create(&ctx, 1, text, sizeof text) == 0) {
      sdp = text;
      log::info("RTP output '" + url + "': open this SDP in a player (save it as a .sdp file):\n" +
                sdp);
    }
  }
}

void MediaOutput::write(const EncodedPacket &packet) {
  State &s = *state_;
  if (s.closed) throw OutputError("output '" + s.url + "' is already closed");
  if (s.stream == nullptr) throw OutputError("output '" + s.url + "': write before start_stream");
  if (!s.header_written) {
    // Without a keyframe nothing before it can be decoded, and its parameter sets are needed.
    if (!packet.keyframe) {
      ++s.dropped_before_keyframe;
      return;
    }
    s.write_header(packet.data);
    s.first_pts_ns = packet.pts_ns;
  }

  AVPacket *pkt = av_packet_alloc();
  if (pkt == nullptr || av_new_packet(pkt, static_cast<int>(packet.data.size())) < 0) {
    av_packet_free(&pkt);
    throw OutputError("output '" + s.url + "': out of memory");
  }
  std::memcpy(pkt->data, packet.data.data(), packet.data.size());
  const auto since_start = static_cast<int64_t>(packet.pts_ns - s.first_pts_ns);
  int64_t pts = av_rescale_q(since_start, kNanoseconds, s.stream->time_base);
  // Muxers reject equal or falling timestamps; a coarse time base (mkv's milliseconds) or a
  // capturer's clock hiccup must not end the recording.
  if (s.last_pts != INT64_MIN && pts <= s.last_pts) pts = s.last_pts + 1;
  s.last_pts = pts;
  pkt->pts = pts;
  pkt->dts = pts;  // low-latency encoders emit no B-frames: decode order is presentation order
  pkt->duration = s.frame_duration;
  pkt->stream_index = s.stream->index;
  if (packet.keyframe) pkt->flags |= AV_PKT_FLAG_KEY;
  const int err = av_write_frame(s.ctx, pkt);
  av_packet_free(&pkt);
  if (err < 0) throw OutputError("writing to output '" + s.url + "' failed: " + s.failure(err));
  ++s.written;
}

void MediaOutput::close() {
  State &s = *state_;
  if (s.closed) return;
  s.closed = true;
  int err = 0;
  if (s.header_written) {
    err = av_write_trailer(s.ctx);
  } else {
    log::warn("output '" + s.url + "' received no keyframe; nothing was written");
  }
  if (s.dropped_before_keyframe > 0) {
    log::debug("output '" + s.url + "': skipped " + std::to_string(s.dropped_before_keyframe) +
               " packet(s) before the first keyframe");
  }
  s.free_context();
  if (err < 0) throw OutputError("finishing output '" + s.url + "' failed: " + s.failure(err));
}

bool MediaOutput::can_change_size() const {
  return !state_->format.fixed_size;
}

bool MediaOutput::keeps_timestamps() const {
  return !state_->format.raw_stream;
}

std::string MediaOutput::describe() const {
  return state_->url;
}

const OutputFormat &MediaOutput::format() const noexcept {
  return state_->format;
}

const std::string &MediaOutput::sdp() const noexcept {
  return state_->sdp;
}

uint64_t MediaOutput::packets_written() const noexcept {
  return state_->written;
}

}  // namespace pfhost::core
