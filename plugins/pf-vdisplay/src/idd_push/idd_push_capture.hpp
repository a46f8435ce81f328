// The IDD-push capturer (host side): creates the header section, the frame-ready event and the
// texture ring for one pf-vdisplay target, sized and formatted to the display's actual state;
// open() returns only once the driver has attached AND published a first frame, failing with
// the driver's status otherwise. next_frame() waits on the event in short slices, takes the
// newest slot of the current generation and copies it (holding the slot's lock only for the
// copy) into a small host-owned output ring. It repeats nothing itself: no new frame is a
// timeout whose reason carries the driver's status (the session repeats). A change of the
// display's size or HDR state recreates the ring under a new generation.
#pragma once

#include <pfhost/pf_vdisplay/frame_transport.h>
#include <pfhost/frame_slots.hpp>
#include <pfhost/plugin.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "idd_push/display_state.hpp"
#include "idd_push/kernel_objects.hpp"
#include "idd_push/texture_ring.hpp"

namespace pfhost::pf_vdisplay {

struct IddPushOptions {
  // How long open() waits for the driver to attach and publish a first frame.
  std::chrono::milliseconds open_timeout{4000};
  // How long after a ring recreate fresh frames may take before the capture gives up.
  std::chrono::milliseconds recovery_window{3000};
  // How often the display's size and HDR state are asked.
  std::chrono::milliseconds state_poll{250};
  // PFHOST_MEMORY_D3D11 for an encoder that takes textures, PFHOST_MEMORY_CPU otherwise.
  uint32_t output_memory = PFHOST_MEMORY_CPU;
};

class IddPushCapture {
 public:
  // Throws pfhost::Error: PFHOST_E_UNAVAILABLE with the driver's status and detail when it
  // reports a failure, PFHOST_E_TIMEOUT when it did not attach or published nothing in time.
  IddPushCapture(std::unique_ptr<TextureDevice> device, const pfhost_target &target,
                 DisplayStateProbe display_state, IddPushOptions options, Host host = {});
  ~IddPushCapture();
  IddPushCapture(const IddPushCapture &) = delete;
  IddPushCapture &operator=(const IddPushCapture &) = delete;

  pfhost_status next_frame(uint32_t timeout_ms, pfhost_frame **out_frame, std::string *why);

  uint32_t generation() const { return shape_.generation; }
  FrameSlotStats output_stats() const { return outputs_->stats(); }

 private:
  struct Output {
    std::unique_ptr<OutputSurface> surface;
    RingShape shape;
  };
  using Clock = std::chrono::steady_clock;

  void create_ring(const DisplayState &state);
  void wait_for_first_frame();
  void follow_display();
  // Copies the slot of `token` out and hands it over; false when its lock was busy.
  bool hand_out(const pfvd_token &token, pfhost_frame **out_frame);
  pfvd_shared_header *header() const;
  pfvd_token latest() const;
  uint32_t driver_status() const;
  std::string driver_state_text() const;

  std::unique_ptr<TextureDevice> device_;
  uint32_t target_id_;
  DisplayStateProbe display_state_;
  IddPushOptions options_;
  Host host_;
  MappedSection section_;
  OwnedHandle event_;
  std::unique_ptr<HostRing> ring_;
  RingShape shape_;
  DisplayState state_;
  uint32_t last_seq_ = 0;
  uint64_t sequence_base_ = 0;  // frames of earlier generations, so `sequence` keeps counting
  Clock::time_point last_poll_;
  std::optional<Clock::time_point> recovering_since_;
  std::shared_ptr<FrameSlotPool<Output>> outputs_;
};

}  // namespace pfhost::pf_vdisplay
