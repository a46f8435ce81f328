#include "serve/srt_listener.hpp"

#include <srt/access_control.h>
#include <srt/logging_api.h>
#include <srt/srt.h>
#include <sys/socket.h>

#include <stdexcept>
#include <string_view>

#include "logging/log.hpp"

namespace pfhost::core::serve {
namespace {

std::string srt_error() {
  return srt_getlasterror_str();
}

template <class T>
void set_option(int socket, SRT_SOCKOPT option, T value, const char *name) {
  if (srt_setsockflag(socket, option, &value, sizeof value) == SRT_ERROR) {
    throw std::runtime_error(std::string("SRT option ") + name + ": " + srt_error());
  }
}

// libsrt logs every rejected handshake as a warning on stderr; a caller retrying a hundred times a
// second would flood it. Its lines go to the host log at debug level instead (the host logs each
// rejection itself, rate-limited).
void route_srt_log(void *, int, const char *, int, const char *, const char *message) {
  std::string_view text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  log::write(log::Level::debug, "srt", text);
}

std::string stream_id_of(int socket) {
  char text[513] = {};
  int size = sizeof text - 1;
  if (srt_getsockflag(socket, SRTO_STREAMID, text, &size) == SRT_ERROR) return {};
  return std::string(text, static_cast<size_t>(size));
}

}  // namespace

SrtListener::SrtListener(SrtListenerOptions options, OnSrtCaller on_caller,
                         std::function<bool()> has_room)
    : options_(std::move(options)),
      on_caller_(std::move(on_caller)),
      has_room_(std::move(has_room)),
      bound_(options_.address) {
  srt_startup();
  srt_setloghandler(nullptr, &route_srt_log);
  srt_setlogflags(SRT_LOGF_DISABLE_TIME | SRT_LOGF_DISABLE_THREADNAME | SRT_LOGF_DISABLE_EOL);
  const std::string where = "SRT listener on " + options_.address.text();
  try {
    socket_ = srt_create_socket();
    if (socket_ == SRT_INVALID_SOCK) throw std::runtime_error(where + ": " + srt_error());
    set_option(socket_, SRTO_TRANSTYPE, SRTT_LIVE, "transtype");
    set_option(socket_, SRTO_LATENCY, static_cast<int>(options_.latency_ms), "latency");
    set_option(socket_, SRTO_PEERIDLETIMEO, static_cast<int>(options_.peer_idle_timeout_ms),
               "peeridletimeo");
    // A send that cannot go out for a second means the caller cannot keep up: end its session
    // instead of blocking the encoder.
    set_option(socket_, SRTO_SNDTIMEO, 1000, "sndtimeo");
    if (!options_.passphrase.empty()) {
      if (options_.passphrase.size() < 10 || options_.passphrase.size() > 79) {
        throw std::runtime_error(where + ": srt_passphrase must be 10 to 79 characters long");
      }
      if (srt_setsockflag(socket_, SRTO_PASSPHRASE, options_.passphrase.data(),
                          static_cast<int>(options_.passphrase.size())) == SRT_ERROR) {
        throw std::runtime_error(where + ": passphrase: " + srt_error());
      }
    }
    sockaddr_storage address{};
    const unsigned length = to_sockaddr(options_.address, address);
    if (srt_bind(socket_, reinterpret_cast<sockaddr *>(&address), static_cast<int>(length)) ==
        SRT_ERROR) {
      throw std::runtime_error("cannot listen for SRT on " + options_.address.text() + ": " +
                               srt_error());
    }
    sockaddr_storage actual{};
    int actual_length = sizeof actual;
    if (srt_getsockname(socket_, reinterpret_cast<sockaddr *>(&actual), &actual_length) == 0) {
      bound_.port = port_of(actual);
    }
    if (srt_listen_callback(socket_, &SrtListener::listen_callback, this) == SRT_ERROR ||
        srt_listen(socket_, 16) == SRT_ERROR) {
      throw std::runtime_error(where + ": " + srt_error());
    }
    epoll_ = srt_epoll_create();
    const int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
    if (epoll_ < 0 || srt_epoll_add_usock(epoll_, socket_, &events) == SRT_ERROR) {
      throw std::runtime_error(where + ": " + srt_error());
    }
  } catch (...) {
    if (epoll_ >= 0) srt_epoll_release(epoll_);
    if (socket_ != SRT_INVALID_SOCK && socket_ >= 0) srt_close(socket_);
    srt_cleanup();
    throw;
  }
  accept_thread_ = std::thread(&SrtListener::accept_loop, this);
}

SrtListener::~SrtListener() {
  stop_.store(true);
  accept_thread_.join();
  srt_epoll_release(epoll_);
  srt_close(socket_);
  srt_cleanup();
}

int SrtListener::listen_callback(void *self, int socket, int, const struct sockaddr *peer,
                                 const char *stream_id) {
  try {
    return static_cast<SrtListener *>(self)->admit(socket, peer, stream_id);
  } catch (...) {  // never into libsrt's thread
    srt_setrejectreason(socket, static_cast<int>(SRT_REJX_ISE));
    return -1;
  }
}

int SrtListener::admit(int socket, const struct sockaddr *peer, const char *stream_id) {
  const std::string id = stream_id != nullptr ? stream_id : "";
  const std::string from = peer_text(peer);
  auto refuse = [&](RejectCode code, const std::string &why) {
    srt_setrejectreason(socket, static_cast<int>(code));
    // Keyed without the port: a retrying caller comes from a new port each time.
    const std::string key = from.substr(0, from.rfind(':')) + " " + id;
    if (auto line = rejections_.note(key,
                                     "SRT caller " + from + " refused (" +
                                         std::to_string(static_cast<int>(code)) + "): " + why +
                                         " [streamid '" + id + "']",
                                     RejectionLog::Clock::now())) {
      log::warn(*line);
    }
    return -1;
  };
  try {
    parse_stream_id(id, options_.token);
  } catch (const StreamIdError &e) {
    return refuse(e.code(), e.what());
  }
  if (!has_room_()) {
    return refuse(RejectCode::overload, "max_sessions reached; try again when a session ends");
  }
  // The listener's own value is not inherited by the accepted socket; set before the handshake
  // completes, it applies to this connection.
  set_option(socket, SRTO_PEERIDLETIMEO, static_cast<int>(options_.peer_idle_timeout_ms),
             "peeridletimeo");
  return 0;
}

void SrtListener::accept_loop() {
  while (!stop_.load()) {
    SRTSOCKET ready[1];
    int count = 1;
    // A short wait, so a stop is noticed quickly without closing the socket under the wait.
    if (srt_epoll_wait(epoll_, ready, &count, nullptr, nullptr, 100, nullptr, nullptr, nullptr,
                       nullptr) <= 0) {
      continue;
    }
    sockaddr_storage peer{};
    int peer_length = sizeof peer;
    const SRTSOCKET caller = srt_accept(socket_, reinterpret_cast<sockaddr *>(&peer), &peer_length);
    if (caller == SRT_INVALID_SOCK) continue;
    const std::string from = peer_text(&peer);
    ClientRequest request;
    try {
      request = parse_stream_id(stream_id_of(caller), options_.token);
      if (request.client.empty()) request.client = "srt-" + from.substr(0, from.rfind(':'));
    } catch (const std::exception &e) {
      // Admitted by the callback a moment ago, so this is rare.
      log::warn("SRT caller " + from + " dropped after accept: " + e.what());
      srt_close(caller);
      continue;
    }
    try {
      on_caller_(caller, std::move(request), from);  // owns the socket from here on
    } catch (const std::exception &e) {
      log::error("SRT caller " + from + ": " + e.what());
    }
  }
}

}  // namespace pfhost::core::serve
