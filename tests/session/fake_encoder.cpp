#include "fake_encoder.hpp"

#include <pfhost/plugin.hpp>

#include <deque>
#include <string>

struct pfhost_encoder {
  pfhost::test::FakeEncoderPlugin *plugin = nullptr;
  pfhost_encoder_params params{};
  bool next_is_key = true;
  std::deque<std::vector<uint8_t>> queued;
  std::deque<pfhost_packet> queued_meta;
  std::vector<uint8_t> current;  // what the last receive() handed out
};

namespace pfhost::test {
namespace {

pfhost_status query_caps(void *, pfhost_encoder_caps *caps, pfhost_reason *) {
  caps->codecs = 1u << PFHOST_CODEC_H264;
  caps->bit_depths = 1u << 8;
  caps->chroma = 1u << PFHOST_CHROMA_420;
  caps->max_width = 8192;
  caps->max_height = 8192;
  caps->input_memory = (1u << PFHOST_MEMORY_CPU) | (1u << PFHOST_MEMORY_DMABUF);
  caps->input_formats = (1ull << PFHOST_PIXEL_FORMAT_BGRX) | (1ull << PFHOST_PIXEL_FORMAT_RGBX);
  caps->flags = PFHOST_ENCODE_CAP_LOW_LATENCY | PFHOST_ENCODE_CAP_BITRATE_CHANGE;
  return PFHOST_OK;
}

pfhost_status open_encoder(void *ctx, const pfhost_encoder_params *params, pfhost_encoder **out,
                           pfhost_reason *reason) {
  auto *plugin = static_cast<FakeEncoderPlugin *>(ctx);
  if (params->width == 0 || params->height == 0) {
    set_reason(reason, "zero size");
    return PFHOST_E_INVALID_ARGUMENT;
  }
  {
    std::lock_guard lock(plugin->mutex);
    plugin->opens_.push_back(read_struct(params));
  }
  if (plugin->log()) plugin->log()->add("encoder.open");
  auto *encoder = new pfhost_encoder;
  encoder->plugin = plugin;
  encoder->params = read_struct(params);
  *out = encoder;
  return PFHOST_OK;
}

pfhost_status submit(pfhost_encoder *e, const pfhost_frame *frame, uint32_t flags,
                     pfhost_reason *reason) {
  if (frame->width != e->params.width || frame->height != e->params.height) {
    set_reason(reason, "frame size differs from the encoder's");
    return PFHOST_E_INVALID_ARGUMENT;
  }
  // An encoder set up for one input layout would misread another (swapped channels, or a
  // dma-buf fd taken for a pointer).
  if (frame->pixel_format != e->params.input_format) {
    set_reason(reason, "frame pixel format " + std::to_string(frame->pixel_format) +
                           " differs from the encoder's " + std::to_string(e->params.input_format));
    return PFHOST_E_INVALID_ARGUMENT;
  }
  if (frame->memory != e->params.input_memory) {
    set_reason(reason, "frame memory kind " + std::to_string(frame->memory) +
                           " differs from the encoder's " + std::to_string(e->params.input_memory));
    return PFHOST_E_INVALID_ARGUMENT;
  }
  {
    std::lock_guard lock(e->plugin->mutex);
    e->plugin->submitted_.push_back(
        {frame->width, frame->height, frame->timestamp_ns, frame->sequence, frame->flags, flags});
  }
  const bool key = e->next_is_key || (flags & PFHOST_SUBMIT_FORCE_KEYFRAME) != 0;
  e->next_is_key = false;
  std::vector<uint8_t> data(key ? 200 : 50, 0);
  data[3] = 1;
  data[4] = key ? 0x65 : 0x41;
  data[5] = static_cast<uint8_t>(frame->width / 16);
  data[6] = static_cast<uint8_t>(frame->height / 16);
  data[7] = static_cast<uint8_t>(frame->sequence);
  auto meta = make_struct<pfhost_packet>();
  meta.flags = key ? PFHOST_PACKET_FLAG_KEYFRAME : 0;
  meta.pts_ns = frame->timestamp_ns;
  meta.frame_sequence = frame->sequence;
  e->queued.push_back(std::move(data));
  e->queued_meta.push_back(meta);
  return PFHOST_OK;
}

pfhost_status receive(pfhost_encoder *e, pfhost_packet *packet, pfhost_reason *) {
  if (e->queued.empty()) return PFHOST_E_AGAIN;
  e->current = std::move(e->queued.front());
  e->queued.pop_front();
  const pfhost_packet meta = e->queued_meta.front();
  e->queued_meta.pop_front();
  packet->flags = meta.flags;
  packet->pts_ns = meta.pts_ns;
  packet->frame_sequence = meta.frame_sequence;
  packet->data = e->current.data();
  packet->size = e->current.size();
  return PFHOST_OK;
}

pfhost_status set_bitrate(pfhost_encoder *e, uint32_t kbps) {
  e->params.bitrate_kbps = kbps;
  {
    std::lock_guard lock(e->plugin->mutex);
    e->plugin->bitrates_.push_back(kbps);
  }
  e->plugin->bitrate_changes.fetch_add(1);
  return PFHOST_OK;
}

pfhost_status flush(pfhost_encoder *, pfhost_reason *) {
  return PFHOST_OK;
}

void close_encoder(pfhost_encoder *e) {
  e->plugin->closes.fetch_add(1);
  if (e->plugin->log()) e->plugin->log()->add("encoder.close");
  delete e;
}

const pfhost_encode_vtable kTable = {
    sizeof(pfhost_encode_vtable),
    &query_caps,
    &open_encoder,
    &submit,
    &receive,
    nullptr,  // request_keyframe: the host asks with PFHOST_SUBMIT_FORCE_KEYFRAME
    &set_bitrate,
    &flush,
    &close_encoder,
};

}  // namespace

const pfhost_encode_vtable *FakeEncoderPlugin::vtable() {
  return &kTable;
}

}  // namespace pfhost::test
