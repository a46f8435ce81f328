#include "loader/file_identity.hpp"

#include <chrono>
#include <system_error>

namespace pfhost::core {

std::optional<FileIdentity> file_identity(const std::filesystem::path &path) {
  // std::filesystem keeps the OS's full resolution (nanoseconds on Linux, 100 ns on Windows), so
  // a reinstall within the same second still changes the identity.
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return std::nullopt;
  const auto mtime = std::filesystem::last_write_time(path, ec);
  if (ec) return std::nullopt;
  FileIdentity id;
  id.size = static_cast<uint64_t>(size);
  // Since the Unix epoch, whatever epoch the library's file clock counts from.
  id.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::file_clock::to_sys(mtime).time_since_epoch())
                    .count();
  return id;
}

}  // namespace pfhost::core
