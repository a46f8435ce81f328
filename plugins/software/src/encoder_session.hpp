// One open encoder as the host sees it (the object behind the ABI's pfhost_encoder handle):
// converts each frame into a preallocated YUV picture, feeds the codec instance, maps packets
// back to the frames they came from, and forces key frames, restarting the codec where it
// cannot force one.
#pragma once

#include <pfhost/plugin.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "codec_instance.hpp"
#include "codec_table.hpp"
#include "ffmpeg.hpp"
#include "plugin_config.hpp"

namespace pfhost::software {

class EncoderSession {
 public:
  // Validates the parameters and opens the encoder. Throws pfhost::Error with a reason.
  EncoderSession(const pfhost_encoder_params &params, const PluginConfig &config, Host host);
  // Pinned: params_.preset points into preset_.
  EncoderSession(const EncoderSession &) = delete;
  EncoderSession &operator=(const EncoderSession &) = delete;

  // Converts and encodes one frame; PFHOST_SUBMIT_FORCE_KEYFRAME in `flags` makes it a key frame
  // (the ABI's one keyframe path: there is no separate request call to remember).
  void submit(const pfhost_frame &frame, uint32_t flags);
  // PFHOST_OK with the next packet (valid until the next call on this session) or
  // PFHOST_E_AGAIN when none is ready.
  pfhost_status receive(pfhost_packet &packet);
  // PFHOST_E_UNSUPPORTED for an encoder FFmpeg cannot reconfigure while running.
  pfhost_status set_bitrate(uint32_t bitrate_kbps);
  // Sends end-of-stream; receive() then returns what is left.
  void flush();

 private:
  std::unique_ptr<CodecInstance> open_instance() const;
  // Replaces the codec instance with a fresh one whose first frame is a key frame; the old
  // instance's last packets are queued ahead of the new ones.
  void restart_for_keyframe();

  const CodecEntry &entry_;
  pfhost_encoder_params params_;  // preset points at preset_
  std::string preset_;
  PluginConfig config_;
  Host host_;
  PixelConverter converter_;
  FramePtr picture_;
  PacketPtr packet_;
  std::unique_ptr<CodecInstance> codec_;
  std::deque<PacketPtr> queued_;  // packets of a replaced codec instance, not yet received
  FrameTimeline timeline_;        // pts and the frame behind each packet
  bool picture_valid_ = false;    // picture_ holds the last submitted frame's pixels
  bool flushed_ = false;
};

}  // namespace pfhost::software
