// The serving host's listeners and sessions, put together: an SRT listener whose admitted callers
// become sessions of the shared pipeline. Plugins were discovered and probed once before this
// exists; nothing here probes again per connection.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/host_config.hpp"
#include "pipeline/pipeline.hpp"
#include "serve/client_sessions.hpp"
#include "serve/listen_address.hpp"
#include "serve/message_channel.hpp"
#include "serve/srt_listener.hpp"

namespace pfhost::core::serve {

// Throws std::invalid_argument for settings that do not parse or would expose the host (a
// non-loopback SRT listen with neither a passphrase nor a token). Cheap: `pfhost serve` calls it
// before anything slow.
void check_serve_settings(const ServeConfig &settings);

class ServeHost {
 public:
  // Binds the listeners now. Throws std::invalid_argument for settings that would expose the host
  // (a non-loopback SRT listen with neither a passphrase nor a token) or do not parse, and
  // std::runtime_error when a listener cannot bind.
  // `app`: run inside every display a client gets, where the backend can (managed sway): e.g. a
  // small animated client, so a demo shows something moving.
  ServeHost(const ServeConfig &settings, Pipeline &pipeline, std::vector<std::string> app = {});
  // Stops accepting first, then ends every session (their displays linger in the registry,
  // which the caller tears down after this).
  ~ServeHost();

  const ListenAddress &srt_address() const { return srt_->bound(); }
  // A browser's WebSocket asking for `request`: starts its session (H.264, one access unit per
  // message) and returns what handles the page's text messages ("keyframe").
  std::function<void(const std::string &)> open_browser_stream(
      const ClientRequest &request, const std::string &peer,
      std::shared_ptr<MessageChannel> channel);
  ClientSessions &sessions() { return sessions_; }

 private:
  StreamRequest request_for(const ClientRequest &client) const;

  ServeConfig settings_;
  std::vector<std::string> app_;
  ClientSessions sessions_;
  std::unique_ptr<SrtListener> srt_;
};

}  // namespace pfhost::core::serve
