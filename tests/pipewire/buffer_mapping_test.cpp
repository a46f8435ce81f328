// BufferMapping on real memfds: the readable size is bounded by the fd's real size, not by the
// maxsize a producer claims, and unmapped fd-backed data gets its own read-only mapping.
#include "buffer_mapping.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spa/buffer/buffer.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <vector>

namespace pfhost::pipewire {
namespace {

class Memfd {
 public:
  explicit Memfd(size_t size) : fd_(::memfd_create("pfhost-test", MFD_CLOEXEC)), size_(size) {
    EXPECT_GE(fd_, 0);
    EXPECT_EQ(0, ::ftruncate(fd_, static_cast<off_t>(size)));
    map_ = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
    EXPECT_NE(map_, MAP_FAILED);
    std::memset(map_, 0x5A, size);
  }
  ~Memfd() {
    ::munmap(map_, size_);
    ::close(fd_);
  }
  int fd() const { return fd_; }
  void *data() const { return map_; }

 private:
  int fd_;
  size_t size_;
  void *map_;
};

spa_data memfd_data(const Memfd &m, void *mapped, uint32_t maxsize, uint32_t mapoffset = 0) {
  spa_data d{};
  d.type = SPA_DATA_MemFd;
  d.fd = m.fd();
  d.mapoffset = mapoffset;
  d.maxsize = maxsize;
  d.data = mapped;
  return d;
}

TEST(BufferMapping, MaxsizeBeyondTheFdIsBoundedByItsRealSize) {
  Memfd memfd(4096);
  const spa_data d = memfd_data(memfd, memfd.data(), /*maxsize claims*/ 8192);
  const BufferMapping mapping(d);
  const MappedRegion region = mapping.region(d);
  EXPECT_EQ(region.data, memfd.data());
  EXPECT_EQ(region.size, 4096u);
}

TEST(BufferMapping, MapoffsetReducesWhatIsReadable) {
  Memfd memfd(8192);
  auto *base = static_cast<uint8_t *>(memfd.data());
  const spa_data d = memfd_data(memfd, base + 4096, 8192, 4096);
  const BufferMapping mapping(d);
  EXPECT_EQ(mapping.region(d).size, 4096u);
}

TEST(BufferMapping, SmallerMaxsizeWins) {
  Memfd memfd(4096);
  const spa_data d = memfd_data(memfd, memfd.data(), 1000);
  const BufferMapping mapping(d);
  EXPECT_EQ(mapping.region(d).size, 1000u);
}

TEST(BufferMapping, UnmappedFdIsMappedByUsSizedByTheFd) {
  Memfd memfd(4096);
  spa_data d = memfd_data(memfd, nullptr, 65536);
  d.type = SPA_DATA_DmaBuf;  // PipeWire's MAP_BUFFERS leaves dma-bufs unmapped
  const BufferMapping mapping(d);
  const MappedRegion region = mapping.region(d);
  ASSERT_NE(region.data, nullptr);
  EXPECT_EQ(region.size, 4096u);
  EXPECT_EQ(region.data[4095], 0x5A);  // readable to the very end (ASan/segfault otherwise)
  EXPECT_TRUE(mapping.is_dmabuf());
}

TEST(BufferMapping, MemPtrTrustsMaxsize) {
  std::vector<uint8_t> memory(100);
  spa_data d{};
  d.type = SPA_DATA_MemPtr;
  d.fd = -1;
  d.maxsize = 100;
  d.data = memory.data();
  const BufferMapping mapping(d);
  EXPECT_EQ(mapping.region(d).size, 100u);
}

TEST(BufferMapping, NoMemoryMeansAnEmptyRegion) {
  spa_data d{};
  d.type = SPA_DATA_MemFd;
  d.fd = -1;
  d.maxsize = 100;
  const BufferMapping mapping(d);
  EXPECT_EQ(mapping.region(d).data, nullptr);
}

TEST(DmabufReadAccess, IsHarmlessOnNonDmabufFds) {
  Memfd memfd(16);  // filled with 0x5A
  { const DmabufReadAccess access(memfd.fd()); }
  { const DmabufReadAccess access(-1); }
  // The fd is the caller's: still open, its contents untouched.
  ASSERT_NE(::fcntl(memfd.fd(), F_GETFD), -1);
  uint8_t byte = 0;
  ASSERT_EQ(::pread(memfd.fd(), &byte, 1, 15), 1);
  EXPECT_EQ(byte, 0x5A);
}

}  // namespace
}  // namespace pfhost::pipewire
