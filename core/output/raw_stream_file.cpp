#include "output/raw_stream_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "backends/encode_backend.hpp"
#include "logging/log.hpp"
#include "output/output_format.hpp"

namespace pfhost::core {

RawStreamFile::RawStreamFile(std::string path, uint32_t codec)
    : path_(std::move(path)), codec_(codec) {
  // Through std::filesystem::path so a UTF-8 name reaches the OS intact on Windows too.
  const std::filesystem::path fs_path = std::filesystem::u8path(path_);
#ifdef _WIN32
  file_ = _wfopen(fs_path.c_str(), L"wb");
#else
  file_ = std::fopen(fs_path.c_str(), "wb");
#endif
  if (file_ == nullptr) {
    throw OutputError("cannot create output '" + path_ + "': " + std::strerror(errno));
  }
}

RawStreamFile::~RawStreamFile() {
  try {
    close();
  } catch (const std::exception &e) {
    log::error(e.what());
  }
}

void RawStreamFile::start_stream(const StreamInfo &info) {
  if (file_ == nullptr) throw OutputError("output '" + path_ + "' is already closed");
  if (info.codec != codec_) {
    throw OutputError("output '" + path_ + "': a raw " + codec_name(codec_) +
                      " file cannot carry " + codec_name(info.codec));
  }
  started_ = true;
}

void RawStreamFile::write(const EncodedPacket &packet) {
  if (file_ == nullptr) throw OutputError("output '" + path_ + "' is already closed");
  if (!started_) throw OutputError("output '" + path_ + "': write before start_stream");
  // Without a keyframe nothing before it can be decoded (and its parameter sets are missing).
  if (!seen_keyframe_ && !packet.keyframe) return;
  seen_keyframe_ = true;
  if (std::fwrite(packet.data.data(), 1, packet.data.size(), file_) != packet.data.size()) {
    throw OutputError("cannot write output '" + path_ + "': " + std::strerror(errno));
  }
  ++written_;
}

void RawStreamFile::close() {
  if (file_ == nullptr) return;
  std::FILE *file = file_;
  file_ = nullptr;
  const bool flushed = std::fflush(file) == 0;
  const int flush_errno = errno;
  if (std::fclose(file) != 0 || !flushed) {
    throw OutputError("cannot finish output '" + path_ +
                      "': " + std::strerror(flushed ? errno : flush_errno));
  }
}

}  // namespace pfhost::core
