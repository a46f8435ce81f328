// vaEndPicture for H.264: walks the buffers in the order they were rendered, as a driver with
// packed-header support does: packed headers go into the coded buffer verbatim, each slice
// parameter buffer becomes the packed slice header before it plus I_PCM slice data. Everything
// FFmpeg wrote is cross-checked against the parameter buffers, since a real driver encodes from
// the parameters and a mismatch would give a stream that lies about itself.
#include <va/va.h>  // brings va_enc_h264.h, which cannot stand alone

#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>

#include "objects.hpp"
#include "pcm_slice.hpp"

namespace vatwin {
namespace {

constexpr uint8_t kNalSps = 7, kNalSliceIdr = 5, kNalSlice = 1;

template <typename T>
bool read_param(Driver &driver, const RenderedBuffer &buffer, const char *name, T &out) {
  if (buffer.data.size() != sizeof(T)) {
    driver.contract.violation(std::string(name) + " buffer of " +
                              std::to_string(buffer.data.size()) + " bytes, VA-API 1.17 defines " +
                              std::to_string(sizeof(T)));
    return false;
  }
  std::memcpy(&out, buffer.data.data(), sizeof(T));
  return true;
}

void check_sequence_header(Driver &driver, const Context &context, const RenderedBuffer &data) {
  try {
    const NalUnit sps = parse_nal(data.data.data(), data.data.size() * 8);
    if ((sps.header & 0x1f) != kNalSps) return;  // an AUD first: nothing to compare
    const SequenceStart start = read_sequence_start(sps);
    if (context.has_sequence &&
        (start.width_in_mbs != context.sequence.picture_width_in_mbs ||
         start.height_in_map_units != context.sequence.picture_height_in_mbs))
      driver.contract.violation("packed SPS says " + std::to_string(start.width_in_mbs) + "x" +
                                std::to_string(start.height_in_map_units) +
                                " macroblocks, the sequence parameters " +
                                std::to_string(context.sequence.picture_width_in_mbs) + "x" +
                                std::to_string(context.sequence.picture_height_in_mbs));
  } catch (const std::exception &error) {
    driver.contract.violation(std::string("packed sequence header unreadable: ") + error.what());
  }
}

void handle_misc(Driver &driver, const RenderedBuffer &buffer) {
  if (buffer.data.size() < sizeof(VAEncMiscParameterBuffer)) {
    driver.contract.violation("misc parameter buffer smaller than its header");
    return;
  }
  VAEncMiscParameterBuffer header;
  std::memcpy(&header, buffer.data.data(), sizeof(header));
  const size_t payload = buffer.data.size() - sizeof(header);
  const uint8_t *data = buffer.data.data() + sizeof(header);
  if (header.type == VAEncMiscParameterTypeRateControl) {
    if (payload < sizeof(VAEncMiscParameterRateControl)) {
      driver.contract.violation("rate control parameters truncated");
      return;
    }
    VAEncMiscParameterRateControl rate;
    std::memcpy(&rate, data, sizeof(rate));
    driver.contract.count("rate_control_buffers");
    driver.contract.set("bits_per_second", rate.bits_per_second);
  } else if (header.type == VAEncMiscParameterTypeHRD) {
    if (payload < sizeof(VAEncMiscParameterHRD))
      driver.contract.violation("HRD parameters truncated");
    driver.contract.count("hrd_buffers");
  } else if (header.type == VAEncMiscParameterTypeFrameRate) {
    driver.contract.count("frame_rate_buffers");
  }
}

}  // namespace

VAStatus encode_picture(Driver &driver, Context &context) {
  Contract &contract = driver.contract;
  const Surface &input = driver.surfaces.at(context.target);
  std::optional<VAEncPictureParameterBufferH264> picture;
  VAEncPackedHeaderParameterBuffer packed_params{};
  bool packed = false;  // packed_params wait for their data buffer
  std::optional<NalUnit> slice_header;
  std::vector<uint8_t> out;
  uint32_t macroblocks = 0;

  for (const RenderedBuffer &buffer : context.rendered) {
    switch (buffer.type) {
      case VAEncSequenceParameterBufferType:
        if (read_param(driver, buffer, "sequence parameter", context.sequence)) {
          context.has_sequence = true;
          contract.set("sequence_bits_per_second", context.sequence.bits_per_second);
        }
        break;
      case VAEncPictureParameterBufferType: {
        VAEncPictureParameterBufferH264 params{};
        if (read_param(driver, buffer, "picture parameter", params)) picture = params;
        break;
      }
      case VAEncMiscParameterBufferType:
        handle_misc(driver, buffer);
        break;
      case VAEncPackedHeaderParameterBufferType: {
        VAEncPackedHeaderParameterBuffer params{};
        if (packed) contract.violation("two packed header parameter buffers without data between");
        if (read_param(driver, buffer, "packed header parameter", params)) {
          packed_params = params;
          packed = true;
        }
        break;
      }
      case VAEncPackedHeaderDataBufferType: {
        if (!packed) {
          contract.violation("packed header data without its parameter buffer before it");
          break;
        }
        if (buffer.data.size() * 8 < packed_params.bit_length) {
          contract.violation("packed header data shorter than its bit_length");
          packed = false;
          break;
        }
        contract.count("packed_headers");
        if (packed_params.type == VAEncPackedHeaderSlice) {
          slice_header = parse_nal(buffer.data.data(), packed_params.bit_length);
        } else {
          if (packed_params.bit_length % 8 != 0)
            contract.violation("non-slice packed header of " +
                               std::to_string(packed_params.bit_length) + " bits: not whole bytes");
          if (packed_params.type == VAEncPackedHeaderSequence)
            check_sequence_header(driver, context, buffer);
          out.insert(out.end(), buffer.data.begin(),
                     buffer.data.begin() + packed_params.bit_length / 8);
        }
        packed = false;
        break;
      }
      case VAEncSliceParameterBufferType: {
        VAEncSliceParameterBufferH264 slice{};
        if (!read_param(driver, buffer, "slice parameter", slice)) break;
        if (!picture || !context.has_sequence) {
          contract.violation("slice parameters before the sequence and picture parameters");
          return VA_STATUS_ERROR_INVALID_PARAMETER;
        }
        if (!slice_header) {
          contract.violation("slice without a packed slice header (the twin writes no headers)");
          return VA_STATUS_ERROR_INVALID_PARAMETER;
        }
        if (picture->pic_fields.bits.entropy_coding_mode_flag != 0) {
          contract.violation("CABAC requested: the twin advertises constrained baseline only");
          return VA_STATUS_ERROR_INVALID_PARAMETER;
        }
        const SliceHeaderStart start = read_slice_header_start(*slice_header);
        const uint8_t nal_type = slice_header->header & 0x1f;
        if (start.first_mb != slice.macroblock_address ||
            start.slice_type % 5 != slice.slice_type % 5)
          contract.violation("packed slice header (first_mb " + std::to_string(start.first_mb) +
                             ", type " + std::to_string(start.slice_type) +
                             ") disagrees with the slice parameters (" +
                             std::to_string(slice.macroblock_address) + ", " +
                             std::to_string(slice.slice_type) + ")");
        if ((nal_type == kNalSliceIdr) != (picture->pic_fields.bits.idr_pic_flag != 0) ||
            (nal_type != kNalSliceIdr && nal_type != kNalSlice))
          contract.violation("slice NAL type " + std::to_string(nal_type) +
                             " does not match idr_pic_flag");
        const Nv12View view{input.luma,         input.luma_pitch, input.chroma,
                            input.chroma_pitch, input.width,      input.height};
        const std::vector<uint8_t> nal =
            write_pcm_slice(*slice_header, slice.slice_type, slice.macroblock_address,
                            slice.num_macroblocks, context.sequence.picture_width_in_mbs, view);
        out.insert(out.end(), nal.begin(), nal.end());
        macroblocks += slice.num_macroblocks;
        contract.count("slices");
        slice_header.reset();
        break;
      }
      default:
        contract.violation("buffer type " + std::to_string(buffer.type) +
                           " rendered to an encoder");
    }
  }
  if (!picture) {
    contract.violation("vaEndPicture without picture parameters");
    return VA_STATUS_ERROR_INVALID_PARAMETER;
  }
  const uint32_t expected =
      context.sequence.picture_width_in_mbs * context.sequence.picture_height_in_mbs;
  if (macroblocks != expected)
    contract.violation("slices cover " + std::to_string(macroblocks) + " of " +
                       std::to_string(expected) + " macroblocks");

  const auto coded = driver.buffers.find(picture->coded_buf);
  if (coded == driver.buffers.end() || coded->second.type != VAEncCodedBufferType) {
    contract.violation("coded_buf is not a coded buffer");
    return VA_STATUS_ERROR_INVALID_BUFFER;
  }
  Buffer &target = coded->second;
  if (target.mapped) contract.violation("encoding into a coded buffer that is still mapped");
  const size_t capacity = target.data.size() - sizeof(VACodedBufferSegment);
  if (out.size() > capacity) return VA_STATUS_ERROR_NOT_ENOUGH_BUFFER;
  VACodedBufferSegment segment{};
  segment.size = static_cast<uint32_t>(out.size());
  std::memcpy(target.data.data(), &segment, sizeof(segment));
  std::memcpy(target.data.data() + sizeof(segment), out.data(), out.size());

  contract.count("pictures");
  if (picture->pic_fields.bits.idr_pic_flag) contract.count("idr_pictures");
  contract.count("macroblocks", macroblocks);
  contract.count("coded_bytes", out.size());
  contract.set("last_width", input.width);
  contract.set("last_height", input.height);
  return VA_STATUS_SUCCESS;
}

}  // namespace vatwin
