// A VA-API display on a DRM render node, opened through the real libva: what the probe asks
// (vendor string, encode entrypoints per profile) and what the encoder hands to FFmpeg.
#pragma once

#include <va/va.h>

#include <string>

#include <pfhost-ffmpeg/ffmpeg.hpp>

namespace pfhost::vaapi {

// `configured` ([plugins.vaapi] device) or, when empty, the first /dev/dri/renderD* in name
// order. Throws pfhost::Error(UNAVAILABLE) when the machine has no render node at all.
std::string choose_render_node(const std::string &configured);

struct EncodeSupport {
  bool slice = false;      // VAEntrypointEncSlice
  bool low_power = false;  // VAEntrypointEncSliceLP
};

class VaDisplay {
 public:
  // Opens `device` and initialises libva's driver for it, with libva's own chatter silenced.
  // Throws pfhost::Error(UNAVAILABLE) saying which step failed and what to do.
  explicit VaDisplay(const std::string &device);
  ~VaDisplay();
  VaDisplay(const VaDisplay &) = delete;
  VaDisplay &operator=(const VaDisplay &) = delete;

  VADisplay handle() const noexcept { return display_; }
  const std::string &device() const noexcept { return device_; }
  std::string vendor() const;
  EncodeSupport encode_support(VAProfile profile) const;

  // Moves the display into an FFmpeg VAAPI device context, which then terminates it and closes
  // the node when its last reference goes. The object is empty afterwards.
  ffmpeg::BufferRefPtr into_ffmpeg_device();

 private:
  std::string device_;
  int fd_ = -1;
  VADisplay display_ = nullptr;
};

}  // namespace pfhost::vaapi
