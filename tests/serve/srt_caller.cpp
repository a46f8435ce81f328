// A minimal SRT caller for the serve tests and bench: connects with a streamid, receives until
// it has N messages (or times out), closes, and prints what it measured:
//
//   connected_ms=12.3 first_packet_ms=180.4 messages=50 bytes=65800
//
// Usage: pfhost-test-srt-caller HOST PORT STREAMID [MESSAGES=50] [TIMEOUT_MS=10000] [retry]
// With "retry", a connection nobody answers yet is tried again until TIMEOUT_MS (for timing a
// host that is still starting: the times then count from the caller's start).
// Exit status: 0 done, 1 refused or failed (the reject code is printed), 2 usage.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <srt/srt.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

SRTSOCKET make_socket(const std::string &stream_id, int receive_timeout_ms,
                      int connect_timeout_ms) {
  const SRTSOCKET socket = srt_create_socket();
  srt_setsockflag(socket, SRTO_STREAMID, stream_id.data(), static_cast<int>(stream_id.size()));
  srt_setsockflag(socket, SRTO_RCVTIMEO, &receive_timeout_ms, sizeof receive_timeout_ms);
  srt_setsockflag(socket, SRTO_CONNTIMEO, &connect_timeout_ms, sizeof connect_timeout_ms);
  return socket;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s HOST PORT STREAMID [MESSAGES] [TIMEOUT_MS]\n", argv[0]);
    return 2;
  }
  const int wanted = argc > 4 ? std::atoi(argv[4]) : 50;
  const int timeout_ms = argc > 5 ? std::atoi(argv[5]) : 10000;
  const bool retry = argc > 6 && std::string(argv[6]) == "retry";
  using Clock = std::chrono::steady_clock;
  const auto ms_since = [](Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
  };

  srt_startup();
  srt_setloglevel(LOG_CRIT);  // a refusal is reported below, once
  const std::string stream_id = argv[3];
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[2])));
  inet_pton(AF_INET, argv[1], &address.sin_addr);

  const auto start = Clock::now();
  int status = 0;
  SRTSOCKET socket = SRT_INVALID_SOCK;
  int connected = SRT_ERROR;
  do {
    if (socket != SRT_INVALID_SOCK) srt_close(socket);
    socket = make_socket(stream_id, timeout_ms, retry ? 100 : timeout_ms);
    connected = srt_connect(socket, reinterpret_cast<sockaddr *>(&address), sizeof address);
  } while (connected == SRT_ERROR && retry && srt_getrejectreason(socket) == SRT_REJ_TIMEOUT &&
           ms_since(start) < timeout_ms);
  if (connected == SRT_ERROR) {
    std::printf("refused reject=%d (%s)\n", srt_getrejectreason(socket), srt_getlasterror_str());
    status = 1;
  } else {
    const double connected_ms = ms_since(start);
    double first_ms = -1;
    long long bytes = 0;
    int messages = 0;
    char buffer[1500];
    while (messages < wanted) {
      const int n = srt_recvmsg(socket, buffer, sizeof buffer);
      if (n <= 0) break;
      if (messages == 0) first_ms = ms_since(start);
      ++messages;
      bytes += n;
    }
    std::printf("connected_ms=%.1f first_packet_ms=%.1f messages=%d bytes=%lld\n", connected_ms,
                first_ms, messages, bytes);
    status = messages == wanted ? 0 : 1;
  }
  srt_close(socket);
  srt_cleanup();
  return status;
}
