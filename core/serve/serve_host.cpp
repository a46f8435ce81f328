#include "serve/serve_host.hpp"

#include <stdexcept>

#include "serve/srt_sink.hpp"

namespace pfhost::core::serve {

ServeHost::ServeHost(const ServeConfig &settings, Pipeline &pipeline)
    : settings_(settings), sessions_(pipeline, settings.max_sessions) {
  SrtListenerOptions srt;
  srt.address = parse_listen_address(settings_.srt_listen, "serve.srt_listen");
  if (!srt.address.loopback() && settings_.srt_passphrase.empty() && settings_.srt_token.empty()) {
    throw std::invalid_argument(
        "srt_listen " + srt.address.text() +
        " is reachable from other machines, but neither srt_passphrase nor srt_token is set: "
        "anyone there could watch this host's displays. Set one of them, or listen on 127.0.0.1");
  }
  srt.latency_ms = settings_.srt_latency_ms;
  srt.passphrase = settings_.srt_passphrase;
  if (!settings_.srt_token.empty()) srt.token = settings_.srt_token;
  srt_ = std::make_unique<SrtListener>(
      std::move(srt),
      [this](int socket, ClientRequest request, std::string peer) {
        auto sink = std::make_unique<SrtSink>(socket, "srt " + request.client + "@" + peer);
        StreamRequest stream;
        stream.mode = request.mode;
        stream.codec = request.codec;
        stream.client_id = request.client;
        stream.bitrate_kbps = settings_.bitrate_kbps;
        sessions_.start(ClientLabel{request.client, "srt", std::move(peer)}, std::move(stream),
                        std::move(sink));
      },
      [this] { return sessions_.has_room(); });
}

ServeHost::~ServeHost() {
  srt_.reset();
  sessions_.stop_all();
}

}  // namespace pfhost::core::serve
