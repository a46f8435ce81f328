#include "sway_ipc.hpp"

#include <pfhost/plugin.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pfhost::wlroots {

namespace {

constexpr char kMagic[] = {'i', '3', '-', 'i', 'p', 'c'};
constexpr size_t kHeaderSize = sizeof kMagic + 2 * sizeof(uint32_t);
constexpr uint32_t kMaxPayload = 16u << 20;  // far above any real reply; guards a garbage length

using Clock = std::chrono::steady_clock;

int connect_unix(const std::string &path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "sway IPC socket path is too long: " + path);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw Error(PFHOST_E_IO, std::string("socket(): ") + std::strerror(errno));
  if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
    const int error = errno;
    ::close(fd);
    throw Error(PFHOST_E_UNAVAILABLE,
                "no sway listens on its IPC socket " + path + " (" + std::strerror(error) + ")");
  }
  return fd;
}

}  // namespace

SwayIpc::SwayIpc(std::string socket_path, std::chrono::milliseconds timeout)
    : socket_path_(std::move(socket_path)), timeout_(timeout) {
  fd_ = connect_unix(socket_path_);
}

SwayIpc::~SwayIpc() {
  if (fd_ >= 0) ::close(fd_);
}

void SwayIpc::write_all(const void *data, size_t size) {
  const auto *bytes = static_cast<const uint8_t *>(data);
  while (size > 0) {
    const ssize_t n = ::send(fd_, bytes, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw Error(PFHOST_E_CLOSED,
                  "sway closed its IPC socket " + socket_path_ + " (" + std::strerror(errno) + ")");
    bytes += n;
    size -= static_cast<size_t>(n);
  }
}

void SwayIpc::read_all(void *data, size_t size) {
  auto *bytes = static_cast<uint8_t *>(data);
  const auto deadline = Clock::now() + timeout_;
  while (size > 0) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = left.count() > 0 ? ::poll(&pfd, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0)
      throw Error(PFHOST_E_TIMEOUT, "sway did not answer on its IPC socket " + socket_path_ +
                                        " within " + std::to_string(timeout_.count()) + " ms");
    const ssize_t n = ::recv(fd_, bytes, size, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) throw Error(PFHOST_E_CLOSED, "sway closed its IPC socket " + socket_path_);
    bytes += n;
    size -= static_cast<size_t>(n);
  }
}

nlohmann::json SwayIpc::request(IpcMessage type, std::string_view payload) {
  uint8_t header[kHeaderSize];
  std::memcpy(header, kMagic, sizeof kMagic);
  const auto length = static_cast<uint32_t>(payload.size());
  const auto code = static_cast<uint32_t>(type);
  std::memcpy(header + sizeof kMagic, &length, sizeof length);
  std::memcpy(header + sizeof kMagic + 4, &code, sizeof code);
  write_all(header, sizeof header);
  if (!payload.empty()) write_all(payload.data(), payload.size());

  read_all(header, sizeof header);
  if (std::memcmp(header, kMagic, sizeof kMagic) != 0)
    throw Error(PFHOST_E_IO, socket_path_ + " does not speak sway IPC (bad magic)");
  uint32_t reply_length = 0;
  uint32_t reply_type = 0;
  std::memcpy(&reply_length, header + sizeof kMagic, sizeof reply_length);
  std::memcpy(&reply_type, header + sizeof kMagic + 4, sizeof reply_type);
  if (reply_length > kMaxPayload)
    throw Error(PFHOST_E_IO, "sway IPC reply too large (" + std::to_string(reply_length) + ")");
  std::string body(reply_length, '\0');
  if (reply_length > 0) read_all(body.data(), body.size());
  if (reply_type != code)
    throw Error(PFHOST_E_IO, "sway IPC answered message type " + std::to_string(reply_type) +
                                 " to a request of type " + std::to_string(code));
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception &e) {
    throw Error(PFHOST_E_IO, std::string("sway IPC sent invalid JSON: ") + e.what());
  }
}

void SwayIpc::run_command(const std::string &command) {
  const nlohmann::json reply = request(IpcMessage::kRunCommand, command);
  // The reply is an array with one {success, error?} per command in the payload.
  if (!reply.is_array() || reply.empty())
    throw Error(PFHOST_E_IO, "sway IPC: unexpected reply to '" + command + "': " + reply.dump());
  for (const auto &result : reply) {
    if (result.value("success", false)) continue;
    const std::string why = result.value("error", std::string("no reason given"));
    throw Error(PFHOST_E_INVALID_ARGUMENT, "sway refused '" + command + "': " + why);
  }
}

bool sway_ipc_answers(const std::string &socket_path, std::chrono::milliseconds timeout) {
  try {
    SwayIpc ipc(socket_path, timeout);
    return ipc.request(IpcMessage::kGetVersion).is_object();
  } catch (const std::exception &) {
    return false;
  }
}

}  // namespace pfhost::wlroots
