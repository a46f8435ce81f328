// A client of sway's IPC, spoken directly over its unix socket ("i3-ipc" magic, u32 payload
// length, u32 message type, JSON payload; native byte order). No swaymsg subprocess: one
// connection per call site, every read and write bounded by a deadline.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace pfhost::wlroots {

enum class IpcMessage : uint32_t { kRunCommand = 0, kGetOutputs = 3, kGetVersion = 7 };

class SwayIpc {
 public:
  // Connects within `timeout`. Throws pfhost::Error(UNAVAILABLE) naming the socket when nobody
  // listens there.
  SwayIpc(std::string socket_path, std::chrono::milliseconds timeout);
  ~SwayIpc();
  SwayIpc(const SwayIpc &) = delete;
  SwayIpc &operator=(const SwayIpc &) = delete;

  // One request/reply. Throws pfhost::Error(TIMEOUT) when sway does not answer in time and
  // Error(CLOSED) when it hung up.
  nlohmann::json request(IpcMessage type, std::string_view payload = {});
  // RUN_COMMAND; throws Error(INVALID_ARGUMENT) with sway's own error text when it refused.
  void run_command(const std::string &command);
  nlohmann::json outputs() { return request(IpcMessage::kGetOutputs); }

 private:
  void write_all(const void *data, size_t size);
  void read_all(void *data, size_t size);

  std::string socket_path_;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
};

// True when something accepts connections on the socket (a quick check for probes and for the
// liveness of an attached sway).
bool sway_ipc_answers(const std::string &socket_path, std::chrono::milliseconds timeout);

}  // namespace pfhost::wlroots
