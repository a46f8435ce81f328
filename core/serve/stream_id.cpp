#include "serve/stream_id.hpp"

#include <pfhost/encode.h>

#include <algorithm>
#include <map>

#include "pipeline/stream_request.hpp"

namespace pfhost::core::serve {
namespace {

constexpr std::string_view kAccessControlPrefix = "#!::";
constexpr size_t kMaxStreamId = 512;  // SRT's own limit
constexpr size_t kMaxClient = 64;
constexpr const char *kExample = "e.g. #!::r=1920x1080@60,u=NAME or mode=1920x1080@60,client=NAME";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool valid_client(std::string_view name) {
  return !name.empty() && name.size() <= kMaxClient &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.';
         });
}

// The two forms' key names for the same thing; the access-control form uses SRT's standard
// single letters (r = resource, u = user) where there is one.
struct KeyNames {
  std::string_view mode, client, token;
};
constexpr KeyNames kAccessControlKeys{"r", "u", "t"};
constexpr KeyNames kPlainKeys{"mode", "client", "token"};

std::map<std::string, std::string> split_pairs(std::string_view text) {
  std::map<std::string, std::string> pairs;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(',', start), text.size());
    const std::string_view item = text.substr(start, end - start);
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      throw StreamIdError(RejectCode::bad_request, "streamid item '" + std::string(item) +
                                                       "' is not key=value; " + kExample);
    }
    std::string key(item.substr(0, eq));
    if (!pairs.emplace(key, std::string(item.substr(eq + 1))).second) {
      throw StreamIdError(RejectCode::bad_request, "streamid key '" + key + "' appears twice");
    }
    start = end + 1;
  }
  return pairs;
}

}  // namespace

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
    const int low = high >= 0 ? hex_value(text[i + 2]) : -1;
    if (low < 0) {
      throw StreamIdError(RejectCode::bad_request,
                          "streamid has a broken %-escape at position " + std::to_string(i));
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) noexcept {
  // The length is not secret (tokens have one fixed length); every byte is compared either way.
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  return diff == 0;
}

ClientRequest parse_stream_id(std::string_view stream_id,
                              const std::optional<std::string> &required_token) {
  if (stream_id.empty()) {
    throw StreamIdError(RejectCode::bad_request,
                        std::string("no streamid: ask for a mode, ") + kExample);
  }
  if (stream_id.size() > kMaxStreamId) {
    throw StreamIdError(RejectCode::bad_request, "streamid longer than 512 bytes");
  }
  std::string text = percent_decode(stream_id);
  const bool access_control = text.starts_with(kAccessControlPrefix);
  if (access_control) text.erase(0, kAccessControlPrefix.size());
  const KeyNames &names = access_control ? kAccessControlKeys : kPlainKeys;
  std::map<std::string, std::string> pairs = split_pairs(text);

  auto take = [&pairs](std::string_view key) -> std::optional<std::string> {
    auto it = pairs.find(std::string(key));
    if (it == pairs.end()) return std::nullopt;
    std::string value = std::move(it->second);
    pairs.erase(it);
    return value;
  };

  ClientRequest out;
  const std::optional<std::string> mode = take(names.mode);
  if (!mode) {
    throw StreamIdError(RejectCode::bad_request,
                        "streamid names no mode ('" + std::string(names.mode) + "='); " + kExample);
  }
  try {
    out.mode = parse_mode(*mode, "streamid " + std::string(names.mode));
  } catch (const RequestError &e) {
    throw StreamIdError(RejectCode::bad_request, e.what());
  }

  if (std::optional<std::string> client = take(names.client)) {
    if (!valid_client(*client)) {
      throw StreamIdError(RejectCode::bad_request,
                          "streamid " + std::string(names.client) + " '" + *client +
                              "': expected 1-64 letters, digits, '-', '_' or '.'");
    }
    out.client = std::move(*client);
  }

  out.codec = PFHOST_CODEC_H264;
  if (std::optional<std::string> codec = take("codec")) {
    try {
      out.codec = parse_codec(*codec, "streamid codec");
    } catch (const RequestError &e) {
      throw StreamIdError(RejectCode::unacceptable, e.what());
    }
  }

  if (std::optional<std::string> token = take(names.token)) out.token = std::move(*token);
  if (required_token && !equal_in_constant_time(out.token, *required_token)) {
    throw StreamIdError(RejectCode::unauthorized,
                        out.token.empty() ? "streamid carries no token, and this host requires one"
                                          : "streamid token is wrong");
  }

  if (access_control) {
    // SRT's standard keys this host has no use for: m=request is what every caller means.
    if (std::optional<std::string> m = take("m"); m && *m != "request") {
      throw StreamIdError(RejectCode::bad_mode,
                          "streamid m='" + *m + "': this host only sends (m=request)");
    }
    take("s");
    take("h");
  }
  if (!pairs.empty()) {
    throw StreamIdError(RejectCode::bad_request,
                        "streamid key '" + pairs.begin()->first + "' is unknown; " + kExample);
  }
  return out;
}

}  // namespace pfhost::core::serve
