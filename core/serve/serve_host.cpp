#include "serve/serve_host.hpp"

#include <atomic>
#include <stdexcept>

#include "serve/srt_sink.hpp"
#include "serve/websocket_sink.hpp"

namespace pfhost::core::serve {

void check_serve_settings(const ServeConfig &settings) {
  const ListenAddress srt = parse_listen_address(settings.srt_listen, "serve.srt_listen");
  if (!srt.loopback() && settings.srt_passphrase.empty() && settings.srt_token.empty()) {
    throw std::invalid_argument(
        "serve.srt_listen " + srt.text() +
        " is reachable from other machines, but neither srt_passphrase nor srt_token is set: "
        "anyone there could watch this host's displays. Set one of them, or listen on 127.0.0.1");
  }
}

ServeHost::ServeHost(const ServeConfig &settings, Pipeline &pipeline, std::vector<std::string> app)
    : settings_(settings), app_(std::move(app)), sessions_(pipeline, settings.max_sessions) {
  check_serve_settings(settings_);
  SrtListenerOptions srt;
  srt.address = parse_listen_address(settings_.srt_listen, "serve.srt_listen");
  srt.latency_ms = settings_.srt_latency_ms;
  srt.passphrase = settings_.srt_passphrase;
  if (!settings_.srt_token.empty()) srt.token = settings_.srt_token;
  srt_ = std::make_unique<SrtListener>(
      std::move(srt),
      [this](int socket, ClientRequest request, std::string peer) {
        auto sink = std::make_unique<SrtSink>(socket, "srt " + request.client + "@" + peer);
        sessions_.start(ClientLabel{request.client, "srt", std::move(peer)}, request_for(request),
                        std::move(sink));
      },
      [this] { return sessions_.has_room(); });
}

std::function<void(const std::string &)> ServeHost::open_browser_stream(
    const ClientRequest &request, const std::string &peer,
    std::shared_ptr<MessageChannel> channel) {
  // The id is known only once the session exists; the sink asks for keyframes through it.
  auto id = std::make_shared<std::atomic<uint64_t>>(0);
  auto request_keyframe = [this, id] { sessions_.request_keyframe(id->load()); };
  auto sink = std::make_unique<WebSocketSink>(channel, "websocket " + request.client + "@" + peer,
                                              request_keyframe);
  id->store(sessions_.start(ClientLabel{request.client, "websocket", peer}, request_for(request),
                            std::move(sink)));
  return [request_keyframe](const std::string &text) {
    if (text == "keyframe") request_keyframe();
  };
}

StreamRequest ServeHost::request_for(const ClientRequest &client) const {
  StreamRequest stream;
  stream.mode = client.mode;
  stream.codec = client.codec;
  stream.client_id = client.client;
  stream.bitrate_kbps = settings_.bitrate_kbps;
  stream.app = app_;
  return stream;
}

ServeHost::~ServeHost() {
  srt_.reset();
  sessions_.stop_all();
}

}  // namespace pfhost::core::serve
