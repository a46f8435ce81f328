#include "pfhost/windows/client_identity.hpp"

#include <windows.h>

#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace pfhost::windows {

ClientIdentities::ClientIdentities(std::filesystem::path file, uint32_t max_id)
    : file_(std::move(file)), max_id_(max_id) {}

uint32_t ClientIdentities::id_for(const std::string &raw_client_id) {
  if (raw_client_id.empty()) return 0;
  std::string client_id = raw_client_id;  // one line per client in the file
  for (char &c : client_id) c = (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
  std::lock_guard lock(mutex_);
  // Oldest first: the file is rewritten with the newest assignment last.
  std::vector<std::pair<uint32_t, std::string>> entries;
  if (std::ifstream in{file_}) {
    std::string line;
    while (std::getline(in, line)) {
      auto tab = line.find('\t');
      if (tab == std::string::npos) continue;
      uint32_t id = static_cast<uint32_t>(std::strtoul(line.substr(0, tab).c_str(), nullptr, 10));
      if (id >= 1 && id <= max_id_) entries.emplace_back(id, line.substr(tab + 1));
    }
  }
  for (const auto &[id, client] : entries) {
    if (client == client_id) return id;
  }
  uint32_t id = 0;
  for (uint32_t candidate = 1; candidate <= max_id_ && id == 0; ++candidate) {
    bool used = false;
    for (const auto &entry : entries) used = used || entry.first == candidate;
    if (!used) id = candidate;
  }
  if (id == 0) {  // every id taken: the least recently assigned client gives its id up
    id = entries.front().first;
    entries.erase(entries.begin());
  }
  entries.emplace_back(id, client_id);
  std::error_code ignored;
  std::filesystem::create_directories(file_.parent_path(), ignored);
  std::ofstream out{file_, std::ios::trunc};
  for (const auto &[entry_id, client] : entries) out << entry_id << '\t' << client << '\n';
  return id;
}

std::filesystem::path default_state_directory() {
  const wchar_t *local = _wgetenv(L"LOCALAPPDATA");
  std::filesystem::path base = local ? std::filesystem::path(local) : std::filesystem::path(".");
  return base / "pfhost" / "state";
}

}  // namespace pfhost::windows
