#include <string>
#include <vector>

#include "config/sections.hpp"

namespace pfhost::core::config {
namespace {

constexpr std::string_view kAddressHint =
    "accepted: ADDR:PORT with a numeric address, e.g. \"127.0.0.1:9710\" or \"[::1]:0\"";

// Host names (or addresses) the API answers to besides the loopback names: what a browser on
// another machine puts in its Host header.
void read_allowed_hosts(const TableReader &table, std::vector<std::string> &hosts) {
  constexpr std::string_view kHint =
      "accepted: an array of host names or addresses, e.g. [\"studio.lan\", \"192.168.1.20\"]";
  const toml::node *node = table.find("allowed_hosts");
  if (node == nullptr) return;
  const auto *array = node->as_array();
  if (array == nullptr) {
    table.report_type(*node, table.key_path("allowed_hosts"), "an array of strings", kHint);
    return;
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node &element = *array->get(i);
    const std::string key = table.key_path("allowed_hosts") + "[" + std::to_string(i) + "]";
    const auto *text = element.as_string();
    if (text == nullptr) {
      table.report_type(element, key, "a string", kHint);
      return;
    }
    const std::string &name = text->get();
    if (name.empty() || name.find_first_of(" /,\t") != std::string::npos) {
      table.report(element, key, "\"" + name + "\" is not a host name or address", kHint);
      return;
    }
    names.push_back(name);
  }
  hosts = std::move(names);
}

}  // namespace

void read_serve_table(const TableReader &table, const std::filesystem::path &base_dir,
                      ServeConfig &serve) {
  table.reject_unknown_keys(kServeKeys);
  // The addresses are checked in full when the host binds them (core/serve), naming the key.
  if (auto text = table.string("srt_listen", kAddressHint)) serve.srt_listen = *text;
  if (auto text = table.string("api_listen", kAddressHint)) serve.api_listen = *text;
  if (auto ms = table.integer_in_range("srt_latency_ms", 20, 8000)) {
    serve.srt_latency_ms = static_cast<uint32_t>(*ms);
  }
  if (auto text = table.string("srt_passphrase", "accepted: \"\" or 10 to 79 characters")) {
    if (!text->empty() && (text->size() < 10 || text->size() > 79)) {
      table.report(*table.find("srt_passphrase"), table.key_path("srt_passphrase"),
                   "is " + std::to_string(text->size()) + " characters long",
                   "accepted: \"\" or 10 to 79 characters (SRT's AES passphrase)");
    } else {
      serve.srt_passphrase = *text;
    }
  }
  if (auto text = table.string("srt_token", "accepted: \"\" (none) or the token callers send")) {
    serve.srt_token = *text;
  }
  if (auto count = table.integer_in_range("max_sessions", 0, 64)) {
    serve.max_sessions = static_cast<uint32_t>(*count);
  }
  if (auto kbps = table.integer_in_range("bitrate_kbps", 100, 500000)) {
    serve.bitrate_kbps = static_cast<uint32_t>(*kbps);
  }
  // Relative paths are anchored at the file's directory, like every path in host.toml.
  const auto read_path = [&](std::string_view key, std::string &out) {
    if (auto text = table.string(key, "accepted: \"\" for the default, or a path")) {
      const std::filesystem::path path(*text);
      out = text->empty() || path.is_absolute() ? *text
                                                : (base_dir / path).lexically_normal().string();
    }
  };
  read_path("token_file", serve.token_file);
  read_path("tls_cert", serve.tls_cert);
  read_path("tls_key", serve.tls_key);
  if (serve.tls_cert.empty() != serve.tls_key.empty()) {
    const std::string_view given = serve.tls_cert.empty() ? "tls_key" : "tls_cert";
    table.report(*table.find(given), table.key_path(given), "is set without its pair",
                 "accepted: both tls_cert and tls_key (PEM files), or neither");
  }
  read_allowed_hosts(table, serve.allowed_hosts);
}

}  // namespace pfhost::core::config
