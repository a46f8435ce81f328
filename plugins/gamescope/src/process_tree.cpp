#include "process_tree.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <system_error>

namespace pfhost::gamescope {
namespace {

// The parent pid from /proc/<pid>/stat ("pid (comm) state ppid ..."); comm may hold spaces and
// parentheses, so parse after the last ')'.
pid_t parent_of(const std::filesystem::path &stat_path) {
  std::ifstream in(stat_path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos || close + 4 > text.size()) return -1;
  try {
    return static_cast<pid_t>(std::stol(text.substr(close + 4)));
  } catch (...) {
    return -1;
  }
}

}  // namespace

std::set<pid_t> process_tree(pid_t root) {
  std::multimap<pid_t, pid_t> children;
  std::error_code error;
  for (const auto &entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t parent = parent_of(entry.path() / "stat");
    if (parent > 0) children.emplace(parent, static_cast<pid_t>(std::stol(name)));
  }
  std::set<pid_t> tree{root};
  std::set<pid_t> frontier{root};
  while (!frontier.empty()) {
    const pid_t pid = *frontier.begin();
    frontier.erase(frontier.begin());
    const auto [first, last] = children.equal_range(pid);
    for (auto it = first; it != last; ++it)
      if (tree.insert(it->second).second) frontier.insert(it->second);
  }
  return tree;
}

}  // namespace pfhost::gamescope
