// The SPA params the capture stream offers and answers with: EnumFormat offers (shared memory and,
// when the encoder imports dma-bufs, a separate dma-buf offer with explicit modifiers) and the
// Buffers/Meta params sent once a format is agreed.
#pragma once

#include <pfhost/abi.h>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include <spa/pod/builder.h>

namespace pfhost::pipewire {

// Storage for a few pods built back to back. Pods point into the storage: not copyable/movable.
class PodList {
 public:
  PodList() noexcept { spa_pod_builder_init(&builder_, storage_.data(), sizeof storage_); }
  PodList(const PodList &) = delete;
  PodList &operator=(const PodList &) = delete;

  spa_pod_builder *builder() noexcept { return &builder_; }
  // Records a finished pod; a nullptr (the builder ran out of room) throws.
  void add(const spa_pod *pod);
  std::span<const spa_pod *> pods() noexcept { return pods_; }

 private:
  std::array<uint8_t, 16384> storage_{};
  spa_pod_builder builder_{};
  std::vector<const spa_pod *> pods_;
};

struct FormatOfferRequest {
  pfhost_mode mode{};             // the session's mode: the default size and framerate
  uint64_t accepted_formats = 0;  // mask of pfhost_pixel_format; 0 = anything we support
  // Non-empty = also offer dma-buf with exactly these modifiers (LINEAR first by convention).
  std::span<const uint64_t> dmabuf_modifiers;
};

// The spa_video_format ids to offer: our formats ∩ accepted_formats, or all of ours when the
// intersection is empty (the core converts then). Preference order kept.
std::vector<uint32_t> offered_spa_formats(uint64_t accepted_formats, bool dmabuf_only);

// Appends the EnumFormat offers: the dma-buf one first (when requested) and then shared memory.
// Size default = the requested mode (range 1..8192); framerate default = the requested rate
// (range 0/1..240/1; 0 in the request means 60).
void add_format_offers(PodList &pods, const FormatOfferRequest &request);

// Appends the Buffers param (which memory types we can take) and a Meta param asking for the
// header meta (it carries the CORRUPTED flag). `dmabuf_format` = a modifier was negotiated.
void add_buffer_params(PodList &pods, bool dmabuf_format);

}  // namespace pfhost::pipewire
