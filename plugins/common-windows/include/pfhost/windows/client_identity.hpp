// Stable per-client monitor identity: the same client id gets the same monitor id every time
// (across reconnects and host restarts), so Windows re-applies that monitor's settings (DPI,
// position). Kept in a small text file under the state directory, one "id<TAB>client" per line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>

namespace pfhost::windows {

class ClientIdentities {
 public:
  // max_id: the highest id the driver takes (pf-vdisplay: 15); ids start at 1.
  ClientIdentities(std::filesystem::path file, uint32_t max_id);

  // The id remembered for this client, or a new one (the lowest unused; when all are used the
  // least recently assigned is taken over) written to the file. 0 for an empty client id (the
  // driver picks).
  uint32_t id_for(const std::string &raw_client_id);

  const std::filesystem::path &file() const { return file_; }

 private:
  std::filesystem::path file_;
  uint32_t max_id_;
  std::mutex mutex_;
};

// %LOCALAPPDATA%\pfhost\state, as the host uses it (pfhost --help names it).
std::filesystem::path default_state_directory();

}  // namespace pfhost::windows
