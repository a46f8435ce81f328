// One open VAAPI encoder as the host sees it: the VA display (opened here, handed to FFmpeg), the
// NV12 surface pool, FFmpeg's <codec>_vaapi encoder set up for low latency, and the mapping of
// packets back to frames. Failures name the VA call and status the driver answered.
#pragma once

#include <pfhost/plugin.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>

#include <pfhost-ffmpeg/ffmpeg.hpp>
#include <pfhost-ffmpeg/frame_timeline.hpp>

#include "codec_choice.hpp"
#include "plugin_config.hpp"
#include "surface_input.hpp"

namespace pfhost::vaapi {

// Largest side open() takes (the twin's and most GPUs' limit is 4096 for H.264).
constexpr uint32_t kMaxDimension = 4096;

class VaapiEncoder {
 public:
  // Throws pfhost::Error with a reason (UNAVAILABLE without a device, INVALID_ARGUMENT or
  // UNSUPPORTED for parameters the driver or this plugin cannot honour).
  VaapiEncoder(const pfhost_encoder_params &params, const PluginConfig &config, Host host);
  ~VaapiEncoder();
  VaapiEncoder(const VaapiEncoder &) = delete;
  VaapiEncoder &operator=(const VaapiEncoder &) = delete;

  void submit(const pfhost_frame &frame, uint32_t flags);
  pfhost_status receive(pfhost_packet &packet);
  // FFmpeg's VAAPI encoders read the bitrate once, at open: a new bitrate reopens the codec on
  // the same device and surfaces, and the next frame is an IDR.
  pfhost_status set_bitrate(uint32_t bitrate_kbps);
  void flush();

 private:
  ffmpeg::CodecContextPtr open_codec() const;
  // Moves every packet the codec has ready into queued_.
  void drain(bool until_end);
  [[noreturn]] void fail(int error, const std::string &what) const;

  pfhost_encoder_params params_;
  PluginConfig config_;
  Host host_;
  CodecChoice choice_;
  VADisplay display_ = nullptr;  // owned by device_
  ffmpeg::BufferRefPtr device_;  // AVHWDeviceContext (VAAPI)
  ffmpeg::BufferRefPtr frames_;  // AVHWFramesContext: NV12 input surfaces
  ffmpeg::CodecContextPtr codec_;
  std::optional<SurfaceInput> input_;
  ffmpeg::FrameTimeline timeline_;
  std::deque<ffmpeg::PacketPtr> queued_;  // ready packets, handed out by receive()
  ffmpeg::PacketPtr current_;             // the packet receive() last handed out
  bool flushed_ = false;
};

}  // namespace pfhost::vaapi
