#include "test_plugin.h"

#include <pfhost/plugin.hpp>

#include <dlfcn.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <vector>

namespace pfhost::test {
namespace {

void host_log(void *, int32_t level, const char *message) {
  if (level >= PFHOST_LOG_INFO) std::fprintf(stderr, "[plugin] %s\n", message);
}
pfhost_status no_string(void *, const char *, const char **) {
  return PFHOST_E_NOT_FOUND;
}
pfhost_status no_int(void *, const char *, int64_t *) {
  return PFHOST_E_NOT_FOUND;
}
pfhost_status no_double(void *, const char *, double *) {
  return PFHOST_E_NOT_FOUND;
}
pfhost_status no_bool(void *, const char *, int32_t *) {
  return PFHOST_E_NOT_FOUND;
}
const char *no_key(void *, uint32_t) {
  return nullptr;
}
uint64_t monotonic_ns(void *) {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

const pfhost_host_api kHost = {
    sizeof(pfhost_host_api),
    PFHOST_ABI_MAJOR,
    PFHOST_ABI_MINOR,
    0,
    nullptr,
    &host_log,
    &no_string,
    &no_int,
    &no_double,
    &no_bool,
    &no_key,
    &monotonic_ns,
};

}  // namespace

TestPlugin::TestPlugin(const std::string &path) : path_(path) {
  void *library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) throw std::runtime_error("dlopen " + path + ": " + dlerror());
  auto entry = reinterpret_cast<pfhost_plugin_entry_fn>(dlsym(library, PFHOST_PLUGIN_ENTRY_SYMBOL));
  if (entry == nullptr) throw std::runtime_error(path + " has no pfhost_plugin_entry");
  descriptor_ = entry(PFHOST_ABI_MAJOR, PFHOST_ABI_MINOR);
  if (descriptor_ == nullptr) throw std::runtime_error(path + " refused this ABI");
  if (descriptor_->init != nullptr) {
    std::array<char, 1024> text{};
    pfhost_reason reason{sizeof(pfhost_reason), static_cast<uint32_t>(text.size()), text.data()};
    if (descriptor_->init(&kHost, &ctx_, &reason) != PFHOST_OK) {
      throw std::runtime_error(path + ": init failed: " + text.data());
    }
    // The ABI has no de-init: like the host (which never unloads), keep every plugin context
    // reachable for the life of the process.
    // (Never destroyed: a static vector would be gone before LeakSanitizer's exit check.)
    static auto *live_plugin_contexts = new std::vector<void *>;
    live_plugin_contexts->push_back(ctx_);
  }
}

const pfhost_backend &TestPlugin::backend(const std::string &name) const {
  for (uint32_t i = 0; i < descriptor_->backend_count; ++i) {
    const pfhost_backend *b = descriptor_->backends[i];
    if (b != nullptr && b->name != nullptr && name == b->name) return *b;
  }
  throw std::runtime_error(path_ + " has no backend '" + name + "'");
}

}  // namespace pfhost::test
