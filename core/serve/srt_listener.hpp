// The SRT listener of `pfhost serve` (libsrt directly: libavformat's listener takes one caller and
// never shows the application its streamid). The listen callback runs on libsrt's receiver
// thread for each caller's handshake: it parses the streamid and admits or rejects at once with
// an SRT reject code (no display work there; rejections are logged at a limited rate, since a
// rejected caller retries about a hundred times a second). An accept thread hands each admitted
// caller, with its parsed request, to `on_caller`.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "serve/listen_address.hpp"
#include "serve/rejection_log.hpp"
#include "serve/stream_id.hpp"

struct sockaddr;

namespace pfhost::core::serve {

struct SrtListenerOptions {
  ListenAddress address;
  uint32_t latency_ms = 120;         // SRT's receiver latency (its default); tens of ms suit a LAN
  std::string passphrase;            // empty: no encryption; else 10..79 characters (AES)
  std::optional<std::string> token;  // a caller must send it (t= / token=)
  // libsrt's own idle timeout for a silent caller (it cannot act in less than about 5 s; the
  // SrtSink notices a vanished caller sooner by its missing ACKs).
  uint32_t peer_idle_timeout_ms = 2000;
};

// An admitted caller: its accepted socket (the receiver takes ownership), request and address.
using OnSrtCaller = std::function<void(int socket, ClientRequest request, std::string peer)>;

class SrtListener {
 public:
  // Binds and listens now. Throws std::runtime_error naming the address and libsrt's reason
  // (address in use, bad passphrase length). `has_room` is asked in the listen callback.
  SrtListener(SrtListenerOptions options, OnSrtCaller on_caller, std::function<bool()> has_room);
  ~SrtListener();  // stops accepting; callers already handed over are not touched
  SrtListener(const SrtListener &) = delete;
  SrtListener &operator=(const SrtListener &) = delete;

  // The address actually bound (the port the system picked for port 0).
  const ListenAddress &bound() const { return bound_; }

 private:
  static int listen_callback(void *self, int socket, int hs_version, const struct sockaddr *peer,
                             const char *stream_id);
  int admit(int socket, const struct sockaddr *peer, const char *stream_id);
  void accept_loop();

  SrtListenerOptions options_;
  OnSrtCaller on_caller_;
  std::function<bool()> has_room_;
  ListenAddress bound_;
  RejectionLog rejections_;
  int socket_ = -1;
  int epoll_ = -1;
  std::atomic<bool> stop_{false};
  std::thread accept_thread_;
};

}  // namespace pfhost::core::serve
