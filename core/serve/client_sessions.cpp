#include "serve/client_sessions.hpp"

#include <algorithm>
#include <thread>

#include "backends/display_text.hpp"
#include "logging/log.hpp"
#include "serve/memory_policy.hpp"
#include "session/session.hpp"

namespace pfhost::core::serve {

struct ClientSessions::Running {
  ClientSessionInfo info;      // guarded by ClientSessions::mutex_
  Session *session = nullptr;  // while run() runs; guarded by mutex_
  bool stop_requested = false;
  std::thread thread;
};

namespace {

std::string who(const ClientSessionInfo &info) {
  return "session " + std::to_string(info.id) + " (client " + info.label.client + ", " +
         info.label.transport + " " + info.label.peer + ")";
}

std::string seconds_text(std::chrono::nanoseconds elapsed) {
  const auto tenths = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

}  // namespace

ClientSessions::ClientSessions(Pipeline &pipeline, uint32_t max_sessions)
    : pipeline_(pipeline), max_sessions_(max_sessions) {}

ClientSessions::~ClientSessions() {
  stop_all();
}

bool ClientSessions::has_room() const {
  std::lock_guard lock(mutex_);
  return max_sessions_ == 0 || running_.size() < max_sessions_;
}

uint64_t ClientSessions::start(ClientLabel label, StreamRequest request,
                               std::unique_ptr<PacketSink> sink) {
  auto running = std::make_shared<Running>();
  std::lock_guard lock(mutex_);
  reap_locked();
  running->info.id = next_id_++;
  running->info.label = std::move(label);
  running->info.mode = request.mode;
  running->info.codec = request.codec;
  running->info.started = std::chrono::system_clock::now();
  running->info.state = "starting";
  running_.push_back(running);
  running->thread =
      std::thread(&ClientSessions::run_one, this, running, std::move(request), std::move(sink));
  return running->info.id;
}

void ClientSessions::run_one(const std::shared_ptr<Running> &running, StreamRequest request,
                             std::unique_ptr<PacketSink> sink) {
  const ClientSessionInfo info = [&] {
    std::lock_guard lock(mutex_);
    return running->info;
  }();
  std::unique_ptr<Session> session;
  try {
    StartedSession started = pipeline_.start(request, {}, std::move(sink));
    session = std::move(started.session);
    std::lock_guard lock(mutex_);
    running->info.slot = started.display_slot;
    running->info.state = "streaming";
    running->session = session.get();
    if (running->stop_requested) session->request_stop();
  } catch (const std::exception &e) {
    log::warn(who(info) + " could not start: " + e.what());
  }

  if (session) {
    log::info(who(info) + " streaming " + mode_text(request.mode) +
              (running->info.slot ? " from display " + std::to_string(*running->info.slot) : ""));
    const SessionResult result = session->run();
    {
      std::lock_guard lock(mutex_);
      running->session = nullptr;
    }
    // A caller that leaves is the normal end of a served session, not a failure of the host.
    log::info(who(info) + " ended after " + seconds_text(result.stats.elapsed) + ": " +
              (result.ok ? result.end_reason : result.error));
    session.reset();  // teardown: capture closed, the display lingers per keep_alive
    return_freed_memory();
  }

  std::lock_guard lock(mutex_);
  auto it = std::find(running_.begin(), running_.end(), running);
  if (it != running_.end()) {
    finished_.push_back(*it);
    running_.erase(it);
  }
}

void ClientSessions::reap_locked() {
  for (auto &done : finished_) {
    // The thread has left run_one's last critical section; joining waits only for its return.
    if (done->thread.joinable() && done->thread.get_id() != std::this_thread::get_id()) {
      done->thread.join();
    }
  }
  finished_.clear();
}

std::vector<ClientSessionInfo> ClientSessions::list() const {
  std::lock_guard lock(mutex_);
  std::vector<ClientSessionInfo> out;
  out.reserve(running_.size());
  for (const auto &running : running_) {
    ClientSessionInfo info = running->info;
    if (running->session != nullptr) info.stats = running->session->stats();
    out.push_back(std::move(info));
  }
  return out;
}

bool ClientSessions::stop(uint64_t id) {
  std::lock_guard lock(mutex_);
  for (const auto &running : running_) {
    if (running->info.id != id) continue;
    running->stop_requested = true;
    if (running->session != nullptr) running->session->request_stop();
    log::info(who(running->info) + " stopped by request");
    return true;
  }
  return false;
}

bool ClientSessions::request_keyframe(uint64_t id) {
  std::lock_guard lock(mutex_);
  for (const auto &running : running_) {
    if (running->info.id != id) continue;
    if (running->session != nullptr) running->session->request_keyframe();
    return true;
  }
  return false;
}

void ClientSessions::stop_all() {
  std::vector<std::shared_ptr<Running>> all;
  {
    std::lock_guard lock(mutex_);
    for (const auto &running : running_) {
      running->stop_requested = true;
      if (running->session != nullptr) running->session->request_stop();
    }
    all = running_;
    all.insert(all.end(), finished_.begin(), finished_.end());
    finished_.clear();
  }
  for (auto &running : all) {
    if (running->thread.joinable()) running->thread.join();
  }
  std::lock_guard lock(mutex_);
  reap_locked();
}

}  // namespace pfhost::core::serve
