// A type-erased owner of whatever keeps a session's display alive (a DisplayLease, a child
// process guard...). The session drops it last, after the capture is closed, because a PipeWire
// stream must stop before the compositor output it reads from goes away.
#pragma once

#include <concepts>
#include <memory>
#include <type_traits>
#include <utility>

namespace pfhost::core {

class Keepalive {
 public:
  Keepalive() noexcept = default;
  // Holds `value` (move-only types welcome) until release() or destruction.
  template <class T>
  requires(!std::same_as<std::decay_t<T>, Keepalive>) explicit Keepalive(T &&value)
      : holder_(std::make_unique<Holder<std::decay_t<T>>>(std::forward<T>(value))) {}
  Keepalive(Keepalive &&) noexcept = default;
  Keepalive &operator=(Keepalive &&) noexcept = default;

  // Destroys the held object now (idempotent).
  void release() noexcept { holder_.reset(); }
  bool holds() const noexcept { return holder_ != nullptr; }

 private:
  struct Base {
    virtual ~Base() = default;
  };
  template <class T>
  struct Holder final : Base {
    explicit Holder(T &&v) : value(std::move(v)) {}
    explicit Holder(const T &v) : value(v) {}
    T value;
  };
  std::unique_ptr<Base> holder_;
};

}  // namespace pfhost::core
