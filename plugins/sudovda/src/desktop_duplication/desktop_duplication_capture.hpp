// Capture of a SudoVDA monitor by desktop duplication, with its recovery rules:
//   - ACCESS_LOST (a mode change, the secure desktop, a full-screen app) drops the duplication
//     and makes a new one; opening may fail for a while (the secure desktop), so it is retried
//     until `recovery_window` has passed without success, then the capture ends with the reason;
//   - WAIT_TIMEOUT means nothing changed: a timeout for the session, which repeats;
//   - any other failure ends the capture with the detail.
// Frames leave as BGRX CPU memory from a small output ring (FrameSlotPool).
#pragma once

#include <pfhost/frame_slots.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "desktop_duplication/duplication_source.hpp"

namespace pfhost::sudovda {

struct DuplicationOptions {
  std::chrono::milliseconds recovery_window{3000};
  std::chrono::milliseconds retry_interval{50};
};

class DesktopDuplicationCapture {
 public:
  // Opens the first duplication (throws std::runtime_error as the factory does).
  DesktopDuplicationCapture(std::unique_ptr<DuplicationFactory> factory, DuplicationOptions options,
                            std::function<uint64_t()> now_ns = nullptr);
  ~DesktopDuplicationCapture();

  // PFHOST_OK with a frame, PFHOST_E_TIMEOUT when nothing changed, PFHOST_E_CLOSED when the
  // duplication is lost for good; `why` says which.
  pfhost_status next_frame(uint32_t timeout_ms, pfhost_frame **out_frame, std::string *why);

  uint32_t recreated() const { return recreated_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Pixels {
    std::vector<uint8_t> bytes;
  };
  bool reopen(std::string *why);

  std::unique_ptr<DuplicationFactory> factory_;
  DuplicationOptions options_;
  std::function<uint64_t()> now_ns_;
  std::unique_ptr<DuplicationSource> source_;
  std::shared_ptr<FrameSlotPool<Pixels>> outputs_;
  uint64_t sequence_ = 0;
  uint32_t recreated_ = 0;
  std::optional<Clock::time_point> lost_since_;
  std::string last_open_error_;
};

}  // namespace pfhost::sudovda
