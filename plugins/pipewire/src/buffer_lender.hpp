// Keeps the pw_buffers behind dma-buf passthrough frames away from the producer until the host
// has released those frames.
//
// The frame ABI promises that a frame's pixels stay unchanged until it is released, but a dma-buf
// frame is the producer's own buffer: queued back to the stream, the producer renders the next
// picture into it while an encoder may still be reading it. So a passthrough buffer is lent with
// its frame and queued back only once the frame is done with (released, or replaced unread).
//
// The hand-over recycles frames under its own lock, from the host's threads as well as from the
// loop thread, so give_back() must not take the loop lock (the loop thread takes the hand-over's
// lock while holding it): it only notes the buffer under a leaf mutex and signals a loop event;
// the buffer is queued back on the loop thread. Leases are numbered, so a buffer the stream
// removed (renegotiation, disconnect) is never queued back, even if a new one reuses its address.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include <pipewire/pipewire.h>

namespace pfhost::pipewire {

class BufferLender {
 public:
  // Adds the wake-up event to `loop`; `queue_back` gives a buffer back to the stream (called on
  // the loop thread only). Throws pfhost::Error when the event cannot be made. [loop lock held]
  BufferLender(pw_loop *loop, std::function<void(pw_buffer *)> queue_back);
  ~BufferLender();
  BufferLender(const BufferLender &) = delete;
  BufferLender &operator=(const BufferLender &) = delete;

  // Lends `buffer` with a frame; the lease goes with the frame. [loop thread]
  uint64_t lend(pw_buffer *buffer);
  // The frame is done with: its buffer goes back on the loop thread. Unknown (already returned,
  // forgotten) leases are ignored. [any thread; may be called under the hand-over's lock]
  void give_back(uint64_t lease) noexcept;
  // Queues back every buffer given back so far (the loop event runs it). [loop thread]
  void return_given_back() noexcept;
  // The stream removed `buffer`: never queue it back. [loop thread]
  void forget(pw_buffer *buffer) noexcept;
  // The stream is going away: forget every lease and remove the event; give_back() becomes a
  // no-op. Idempotent. [loop lock held]
  void detach() noexcept;
  // Buffers lent and not yet queued back.
  size_t lent() const;

 private:
  static void on_event(void *data, uint64_t count);

  pw_loop *loop_;
  std::function<void(pw_buffer *)> queue_back_;
  mutable std::mutex mutex_;  // leaf lock: guards everything below
  spa_source *event_ = nullptr;
  uint64_t next_lease_ = 1;
  std::map<uint64_t, pw_buffer *> lent_;
  std::vector<pw_buffer *> given_back_;
};

}  // namespace pfhost::pipewire
