#include "serve/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace pfhost::core::serve {

void require_private(const std::filesystem::path &file, std::string_view what) {
  struct stat st {};
  if (::stat(file.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw std::runtime_error(std::string(what) + " " + file.string() +
                             " can be read by other users; run: chmod 600 " + file.string());
  }
}

bool create_private_file(const std::filesystem::path &file, const std::string &content,
                         std::string_view what) {
  if (file.has_parent_path() && !std::filesystem::exists(file.parent_path())) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) {
      throw std::runtime_error("cannot create " + file.parent_path().string() + ": " +
                               ec.message());
    }
    ::chmod(file.parent_path().c_str(), 0700);
  }
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw std::runtime_error("cannot create " + std::string(what) + " " + file.string() + ": " +
                             std::strerror(errno));
  }
  const bool written =
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  const int write_error = errno;
  ::close(fd);
  if (!written) {
    ::unlink(file.c_str());  // a half-written secret would be read back as a wrong one
    throw std::runtime_error("cannot write " + std::string(what) + " " + file.string() + ": " +
                             std::strerror(write_error));
  }
  return true;
}

}  // namespace pfhost::core::serve
