// libFuzzer target: host.toml text -> parse_host_config (parsing and every validation rule).
// Whatever the bytes, the parser either returns a configuration or throws ConfigError naming the
// file; any other exception, a crash, a hang or a sanitizer report is a finding. A configuration
// it returns must hold what validation promises, so a rule that lets bad values through is a
// finding too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/host_config.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();  // the fuzzer reports it with the input that broke the rule
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  using pfhost::core::ConfigError;
  try {
    const pfhost::core::HostConfig config =
        pfhost::core::parse_host_config(text, "/fuzz/host.toml");
    // What validation guarantees to the rest of the host (docs/host-toml.md).
    require(config.probe_timeout.count() >= 50 && config.probe_timeout.count() <= 60000);
    require(config.display_policy.max_displays >= 1 && config.display_policy.max_displays <= 64);
    for (const auto &[name, settings] : config.plugins) require(!name.empty());
  } catch (const ConfigError &e) {
    // The expected answer to bad input; it must say where.
    require(std::string_view(e.what()).find("/fuzz/host.toml") != std::string_view::npos);
  }
  return 0;
}
