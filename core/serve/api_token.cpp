#include "serve/api_token.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>

#include "os/user_dirs.hpp"
#include "serve/private_file.hpp"

namespace pfhost::core::serve {
namespace {

std::string random_token() {
  // std::random_device reads the kernel's CSPRNG on Linux; 32 bytes, hex-encoded.
  std::random_device random;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (int i = 0; i < 32; ++i) {
    const auto byte = static_cast<unsigned>(random() & 0xff);
    token += kHex[byte >> 4];
    token += kHex[byte & 0xf];
  }
  return token;
}

std::string os_error() {
  return std::strerror(errno);
}

}  // namespace

std::filesystem::path default_token_file() {
  return os::state_dir() / "api-token";
}

std::string read_token(const std::filesystem::path &file) {
  std::ifstream in(file);
  if (!in) {
    throw std::runtime_error("cannot read the API token file " + file.string() + ": " + os_error());
  }
  std::string token;
  std::getline(in, token);
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) throw std::runtime_error("the API token file " + file.string() + " is empty");
  return token;
}

std::string load_or_create_token(const std::filesystem::path &file) {
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    require_private(file, "the API token file");
    return read_token(file);
  }
  const std::string token = random_token();
  if (!create_private_file(file, token + "\n", "the API token file")) return read_token(file);
  return token;
}

}  // namespace pfhost::core::serve
