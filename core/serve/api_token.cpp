#include "serve/api_token.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>

#include "os/user_dirs.hpp"

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
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
      throw std::runtime_error("the API token file " + file.string() +
                               " can be read by other users; run: chmod 600 " + file.string());
    }
    return read_token(file);
  }
  if (file.has_parent_path()) {
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) {
      throw std::runtime_error("cannot create " + file.parent_path().string() + ": " +
                               ec.message());
    }
    ::chmod(file.parent_path().c_str(), 0700);
  }
  const std::string token = random_token();
  // O_EXCL: two hosts starting at once must not both write (and disagree about) the token.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return read_token(file);
    throw std::runtime_error("cannot create the API token file " + file.string() + ": " +
                             os_error());
  }
  const std::string line = token + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) {
    throw std::runtime_error("cannot write the API token file " + file.string() + ": " +
                             os_error());
  }
  return token;
}

}  // namespace pfhost::core::serve
