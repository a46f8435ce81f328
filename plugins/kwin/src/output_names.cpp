#include "output_names.hpp"

#include <cstdint>
#include <cstdio>

namespace pfhost::kwin {
namespace {

constexpr size_t kMaxIdentity = 40;

bool allowed(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

uint32_t fnv1a(std::string_view text) {
  uint32_t hash = 2166136261u;
  for (const char c : text) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 16777619u;
  }
  return hash;
}

}  // namespace

std::string sanitize_identity(std::string_view client_id) {
  std::string out;
  for (const char c : client_id) {
    if (out.size() == kMaxIdentity) break;
    out += allowed(c) ? c : '_';
  }
  if (out != client_id) {
    char hash[16];
    std::snprintf(hash, sizeof hash, "-%08x", fnv1a(client_id));
    out += hash;
  }
  return out;
}

std::string OutputNames::claim(const char *client_id) {
  const std::lock_guard lock(mutex_);
  if (client_id == nullptr || *client_id == '\0') return first_free(prefix_ + "-display-", 1);
  const std::string base = prefix_ + "-" + sanitize_identity(client_id);
  if (in_use_.insert(base).second) return base;
  return first_free(base + "-", 2);
}

void OutputNames::release(const std::string &name) {
  const std::lock_guard lock(mutex_);
  in_use_.erase(name);
}

std::string OutputNames::first_free(const std::string &base, int first_suffix) {
  for (int n = first_suffix;; ++n) {
    std::string name = base + std::to_string(n);
    if (in_use_.insert(name).second) return name;
  }
}

}  // namespace pfhost::kwin
