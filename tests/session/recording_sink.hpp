// A PacketSink that keeps what it was given, for session tests that need no real container.
#pragma once

#include "event_log.hpp"
#include "output/packet_sink.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types

struct SunkPacket {
  uint64_t pts_ns;
  uint64_t frame_sequence;
  bool keyframe;
  size_t size;
  uint8_t width16;  // byte 5 of the fake encoder's packets
};

class RecordingSink final : public PacketSink {
 public:
  struct Record {
    std::mutex mutex;
    std::vector<StreamInfo> streams;
    std::vector<SunkPacket> packets;
    bool closed = false;
    bool keeps_timestamps = true;  // false: plays like a raw elementary stream (fixed rate)
  };

  RecordingSink(std::shared_ptr<Record> record, EventLog *log, bool can_change_size = true)
      : record_(std::move(record)), log_(log), can_change_size_(can_change_size) {}

  void start_stream(const StreamInfo &info) override {
    std::lock_guard lock(record_->mutex);
    record_->streams.push_back(info);
  }
  void write(const EncodedPacket &p) override {
    std::lock_guard lock(record_->mutex);
    record_->packets.push_back({p.pts_ns, p.frame_sequence, p.keyframe, p.data.size(),
                                p.data.size() > 5 ? p.data[5] : uint8_t{0}});
  }
  void close() override {
    std::lock_guard lock(record_->mutex);
    if (!record_->closed && log_ != nullptr) log_->add("output.close");
    record_->closed = true;
  }
  bool can_change_size() const override { return can_change_size_; }
  bool keeps_timestamps() const override {
    std::lock_guard lock(record_->mutex);
    return record_->keeps_timestamps;
  }
  std::string describe() const override { return "recording-sink"; }

 private:
  std::shared_ptr<Record> record_;
  EventLog *log_;
  bool can_change_size_;
};

}  // namespace pfhost::test
