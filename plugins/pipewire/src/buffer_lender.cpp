#include "buffer_lender.hpp"

#include <pfhost/plugin.hpp>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace pfhost::pipewire {

BufferLender::BufferLender(pw_loop *loop, std::function<void(pw_buffer *)> queue_back)
    : loop_(loop), queue_back_(std::move(queue_back)) {
  event_ = pw_loop_add_event(loop_, &BufferLender::on_event, this);
  if (event_ == nullptr)
    throw pfhost::Error(PFHOST_E_INTERNAL,
                        std::string("cannot add a PipeWire loop event: ") + std::strerror(errno));
}

BufferLender::~BufferLender() {
  detach();
}

uint64_t BufferLender::lend(pw_buffer *buffer) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t lease = next_lease_++;
  lent_.emplace(lease, buffer);
  return lease;
}

void BufferLender::give_back(uint64_t lease) noexcept {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = lent_.find(lease);
  if (it == lent_.end() || event_ == nullptr) return;
  try {
    given_back_.push_back(it->second);
  } catch (...) {  // no memory for one pointer: keep the lease, the buffer stays with us
    return;
  }
  lent_.erase(it);
  pw_loop_signal_event(loop_, event_);  // an eventfd write: safe from any thread
}

void BufferLender::return_given_back() noexcept {
  std::vector<pw_buffer *> due;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    due.swap(given_back_);
  }
  for (pw_buffer *buffer : due) queue_back_(buffer);
}

void BufferLender::forget(pw_buffer *buffer) noexcept {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(lent_, [&](const auto &entry) { return entry.second == buffer; });
  std::erase(given_back_, buffer);
}

void BufferLender::detach() noexcept {
  const std::lock_guard<std::mutex> lock(mutex_);
  lent_.clear();
  given_back_.clear();
  if (event_ != nullptr) pw_loop_destroy_source(loop_, event_);
  event_ = nullptr;
}

size_t BufferLender::lent() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return lent_.size() + given_back_.size();
}

void BufferLender::on_event(void *data, uint64_t /*count*/) {
  static_cast<BufferLender *>(data)->return_given_back();
}

}  // namespace pfhost::pipewire
