// One open NVENC encoder as the host sees it (the object behind the ABI's pfhost_encoder): a CUDA
// context, an NVENC session initialised for low latency, the frame input and one output
// bitstream (for D3D11 textures, a session on their device, opened with the first frame).
// Synchronous: submit() encodes the frame and takes the packet out of the driver, so
// receive() hands over exactly one packet per frame.
#pragma once

#include <pfhost/plugin.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "plugin_config.hpp"

namespace pfhost::nvenc {

class NvencEncoder {
 public:
  // Opens everything; throws pfhost::Error with NVENC's or CUDA's status in the reason.
  NvencEncoder(const pfhost_encoder_params &params, const PluginConfig &config, Host host);
  ~NvencEncoder();
  NvencEncoder(const NvencEncoder &) = delete;
  NvencEncoder &operator=(const NvencEncoder &) = delete;

  // PFHOST_SUBMIT_FORCE_KEYFRAME makes this frame an IDR (with SPS/PPS).
  void submit(const pfhost_frame &frame, uint32_t flags);
  pfhost_status receive(pfhost_packet &packet);
  // Through nvEncReconfigureEncoder, without a new IDR.
  pfhost_status set_bitrate(uint32_t bitrate_kbps);
  void flush();

 private:
  struct Resources;  // the session and what lives on it, torn down inside its CUDA context

  // Initialises the session in `resources` for params_ and keeps it.
  void start(std::unique_ptr<Resources> resources);

  pfhost_encoder_params params_;
  PluginConfig config_;
  Host host_;
  std::unique_ptr<Resources> resources_;
  struct Packet {
    std::vector<uint8_t> data;
    bool keyframe = false;
    uint64_t pts_ns = 0;
    uint64_t sequence = 0;
  };
  std::optional<Packet> ready_;
  std::vector<uint8_t> handed_out_;  // the packet receive() returned last
  uint32_t frame_index_ = 0;
  bool flushed_ = false;
};

}  // namespace pfhost::nvenc
