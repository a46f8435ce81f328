#include "shm_buffer.hpp"

#include <pfhost/plugin.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace pfhost::wlroots {

ShmBuffer::~ShmBuffer() {
  if (data != nullptr) ::munmap(data, size);
  if (fd >= 0) ::close(fd);
}

void ShmBuffer::reserve(size_t bytes) {
  if (bytes <= size && data != nullptr) return;
  const int new_fd = ::memfd_create("pfhost-screencopy", MFD_CLOEXEC);
  if (new_fd < 0) throw Error(PFHOST_E_IO, std::string("memfd_create: ") + std::strerror(errno));
  if (::ftruncate(new_fd, static_cast<off_t>(bytes)) != 0) {
    ::close(new_fd);
    throw Error(PFHOST_E_NO_MEMORY, "cannot size a " + std::to_string(bytes) +
                                        "-byte shm buffer: " + std::strerror(errno));
  }
  void *mapped = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, new_fd, 0);
  if (mapped == MAP_FAILED) {
    ::close(new_fd);
    throw Error(PFHOST_E_NO_MEMORY, std::string("mmap of a shm buffer: ") + std::strerror(errno));
  }
  if (data != nullptr) ::munmap(data, size);
  if (fd >= 0) ::close(fd);
  fd = new_fd;
  data = static_cast<uint8_t *>(mapped);
  size = bytes;
  ++generation;
}

}  // namespace pfhost::wlroots
