// One KWin virtual output streamed as a PipeWire node, owned by its own thread: the thread opens
// the Wayland connection, asks for stream_virtual_output and waits (bounded) for created / failed
// / closed; it then watches the stream until destroy, when it closes the stream and drops the
// connection itself (so every libwayland call happens on that one thread). KWin removes the
// output when the stream is closed or the connection goes away.
#pragma once

#include <pfhost/abi.h>
#include <pfhost/plugin.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace pfhost::kwin {

class WaylandClient;

struct VirtualOutputRequest {
  std::string wayland_display;  // socket name or absolute path
  std::string output_name;      // KWin shows it as "Virtual-<name>"
  int32_t width = 0;            // logical size
  int32_t height = 0;
  double scale = 1.0;
  uint32_t pointer = 1;  // zkde_screencast pointer mode: 1 hidden, 2 embedded, 4 metadata
  std::chrono::milliseconds timeout{5000};  // for the connection and for KWin's answer
};

class VirtualOutput {
 public:
  // Starts the thread and waits for KWin's answer. Throws pfhost::Error: PFHOST_E_UNAVAILABLE
  // with KWin's own text for failed(), PFHOST_E_TIMEOUT when neither created nor failed came in
  // time, PFHOST_E_IO when the connection broke. Nothing is left running on failure.
  VirtualOutput(VirtualOutputRequest request, Host host);
  // Closes the stream and the connection on the output's thread and joins it.
  ~VirtualOutput();
  VirtualOutput(const VirtualOutput &) = delete;
  VirtualOutput &operator=(const VirtualOutput &) = delete;

  uint32_t node_id() const noexcept { return node_id_; }
  // False once KWin closed the stream or the connection broke. [any thread]
  bool alive() const noexcept { return alive_.load(); }
  // Why it is not alive, for is_alive()'s reason. [any thread]
  std::string death_reason() const;

 private:
  enum class Phase { starting, created, failed };

  void run() noexcept;
  void stream_and_watch(WaylandClient &client);
  void finish_start(Phase phase, pfhost_status status, std::string text);
  void mark_dead(std::string why);

  VirtualOutputRequest request_;
  Host host_;
  int stop_fd_ = -1;  // eventfd: destroy() wakes the thread's poll
  std::thread thread_;

  mutable std::mutex mutex_;
  std::condition_variable started_;
  Phase phase_ = Phase::starting;
  pfhost_status error_status_ = PFHOST_OK;
  std::string error_text_;
  std::string death_reason_;
  uint32_t node_id_ = 0;
  std::atomic<bool> alive_{false};
};

}  // namespace pfhost::kwin
