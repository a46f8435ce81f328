#include <string>

#include "config/sections.hpp"

namespace pfhost::core::config {
namespace {

constexpr std::string_view kAddressHint =
    "accepted: ADDR:PORT with a numeric address, e.g. \"127.0.0.1:9710\" or \"[::1]:0\"";

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
  if (auto text = table.string("token_file", "accepted: \"\" for the default, or a path")) {
    const std::filesystem::path path(*text);
    serve.token_file =
        text->empty() || path.is_absolute() ? *text : (base_dir / path).lexically_normal().string();
  }
}

}  // namespace pfhost::core::config
