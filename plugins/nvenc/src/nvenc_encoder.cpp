#include "nvenc_encoder.hpp"

#include <optional>
#include <string>

#include "cuda_context.hpp"
#include "device_caps.hpp"
#include "driver_library.hpp"
#include "encoder_config.hpp"
#include "frame_input.hpp"
#include "nvenc_session.hpp"
#ifdef _WIN32
#include "d3d11_input.hpp"
#endif

namespace pfhost::nvenc {

// Declared in the order they are built; destroyed in reverse, the CUDA context last.
struct NvencEncoder::Resources {
  std::optional<CudaContext> cuda;   // for a session on CUDA (CPU and CUDA frames)
  std::optional<CudaScope> opening;  // the session is opened with its context current
#ifdef _WIN32
  struct DeviceReference {  // released after the session that uses it
    ID3D11Device *device = nullptr;
    explicit DeviceReference(ID3D11Device *d = nullptr) : device(d) {}
    ~DeviceReference() {
      if (device != nullptr) device->Release();
    }
    DeviceReference(const DeviceReference &) = delete;
    DeviceReference &operator=(const DeviceReference &) = delete;
  } d3d11;
#endif
  NvencSession session;
  EncoderSetup setup;
  std::unique_ptr<FrameInput> input;
  NV_ENC_OUTPUT_PTR bitstream = nullptr;

  Resources(const DriverLibrary &driver, int gpu)
      : cuda(std::in_place, driver, gpu),
        opening(std::in_place, *cuda),
        session(driver, NV_ENC_DEVICE_TYPE_CUDA, cuda->get()) {
    opening.reset();
  }
#ifdef _WIN32
  // A session on the D3D11 device the textures live on; `device` is a reference this takes over.
  Resources(const DriverLibrary &driver, ID3D11Device *device)
      : d3d11(device), session(driver, NV_ENC_DEVICE_TYPE_DIRECTX, device) {}
#endif
  ~Resources() {
    const std::optional<CudaScope> scope = enter();
    if (bitstream != nullptr)
      session.api().nvEncDestroyBitstreamBuffer(session.handle(), bitstream);
    input.reset();
  }
  Resources(const Resources &) = delete;
  Resources &operator=(const Resources &) = delete;

  // Makes the CUDA context current for a scope (a D3D11 session needs nothing).
  std::optional<CudaScope> enter() const {
    if (cuda) return std::optional<CudaScope>(std::in_place, *cuda);
    return std::nullopt;
  }
};

NvencEncoder::NvencEncoder(const pfhost_encoder_params &params, const PluginConfig &config,
                           Host host)
    : params_(params), config_(config), host_(host) {
  // The request's preset wins over the config's; its string is borrowed for open() only.
  if (params.preset != nullptr) {
    const std::optional<GUID> preset = preset_guid(params.preset);
    if (!preset)
      throw Error(PFHOST_E_INVALID_ARGUMENT, "the stream's " + unknown_preset_text(params.preset));
    config_.preset_name = params.preset;
    config_.preset = *preset;
  }
  params_.preset = nullptr;
  auto resources = std::make_unique<Resources>(driver_library(), config.gpu);
  if (params.input_memory == PFHOST_MEMORY_D3D11) {
    // The session has to live on the textures' own device, which comes with the first frame;
    // the request is checked against the GPU's caps now, so a bad one fails at open as elsewhere.
    const std::optional<CudaScope> scope = resources->enter();
    validate_params(params_, query_device_caps(resources->session).of(params.codec));
    return;
  }
  start(std::move(resources));
}

void NvencEncoder::start(std::unique_ptr<Resources> resources) {
  Resources &r = *resources;
  const std::optional<CudaScope> scope = r.enter();
  validate_params(params_, query_device_caps(r.session).of(params_.codec));
  build_setup(r.session, params_, config_, r.setup);
  r.session.check(r.session.api().nvEncInitializeEncoder(r.session.handle(), &r.setup.init),
                  "nvEncInitializeEncoder");
#ifdef _WIN32
  if (params_.input_memory == PFHOST_MEMORY_D3D11) {
    r.input = make_d3d11_input(r.session, r.d3d11.device, params_);
  } else
#endif
  {
    r.input = make_frame_input(r.session, r.cuda ? &*r.cuda : nullptr, params_);
  }
  NV_ENC_CREATE_BITSTREAM_BUFFER create{};
  create.version = NV_ENC_CREATE_BITSTREAM_BUFFER_VER;
  r.session.check(r.session.api().nvEncCreateBitstreamBuffer(r.session.handle(), &create),
                  "nvEncCreateBitstreamBuffer");
  r.bitstream = create.bitstreamBuffer;
  host_.info("opened NVENC " + std::string(params_.codec == PFHOST_CODEC_HEVC ? "HEVC" : "H.264") +
             " " + std::to_string(params_.width) + "x" + std::to_string(params_.height) + " on " +
             (r.cuda ? r.cuda->device_name() + " (GPU " + std::to_string(config_.gpu) + ")"
                     : std::string("the textures' D3D11 device")) +
             ", " + std::to_string(params_.bitrate_kbps) + " kbit/s, preset " +
             config_.preset_name + ", tuning " + config_.tuning_name);
  resources_ = std::move(resources);
}

NvencEncoder::~NvencEncoder() = default;

void NvencEncoder::submit(const pfhost_frame &frame, uint32_t flags) {
  if (flushed_)
    throw Error(PFHOST_E_INVALID_ARGUMENT, "submit() after flush(): open a new encoder");
  if (ready_) throw Error(PFHOST_E_BUSY, "the encoder holds a finished packet: receive() it first");
  check_frame(frame, params_);
#ifdef _WIN32
  if (!resources_) start(std::make_unique<Resources>(driver_library(), d3d11_device_of(frame)));
#endif
  Resources &r = *resources_;
  const std::optional<CudaScope> scope = r.enter();
  const InputPicture input = r.input->prepare(frame);
  NV_ENC_PIC_PARAMS picture{};
  picture.version = NV_ENC_PIC_PARAMS_VER;
  picture.inputWidth = params_.width;
  picture.inputHeight = params_.height;
  picture.inputPitch = input.pitch;
  picture.inputBuffer = input.buffer;
  picture.outputBitstream = r.bitstream;
  picture.bufferFmt = buffer_format(params_.input_format);
  picture.pictureStruct = NV_ENC_PIC_STRUCT_FRAME;
  picture.inputTimeStamp = frame.timestamp_ns;
  picture.frameIdx = frame_index_++;
  if ((flags & PFHOST_SUBMIT_FORCE_KEYFRAME) != 0)
    picture.encodePicFlags = NV_ENC_PIC_FLAG_FORCEIDR | NV_ENC_PIC_FLAG_OUTPUT_SPSPPS;
  const NVENCSTATUS encoded = r.session.api().nvEncEncodePicture(r.session.handle(), &picture);
  r.input->done(input);
  r.session.check(encoded, "nvEncEncodePicture");

  NV_ENC_LOCK_BITSTREAM lock{};
  lock.version = NV_ENC_LOCK_BITSTREAM_VER;
  lock.outputBitstream = r.bitstream;
  r.session.check(r.session.api().nvEncLockBitstream(r.session.handle(), &lock),
                  "nvEncLockBitstream");
  Packet packet;
  const auto *bytes = static_cast<const uint8_t *>(lock.bitstreamBufferPtr);
  packet.data.assign(bytes, bytes + lock.bitstreamSizeInBytes);
  packet.keyframe =
      lock.pictureType == NV_ENC_PIC_TYPE_IDR || lock.pictureType == NV_ENC_PIC_TYPE_I;
  packet.pts_ns = lock.outputTimeStamp;
  packet.sequence = frame.sequence;
  r.session.check(r.session.api().nvEncUnlockBitstream(r.session.handle(), r.bitstream),
                  "nvEncUnlockBitstream");
  ready_ = std::move(packet);
}

pfhost_status NvencEncoder::receive(pfhost_packet &packet) {
  if (!ready_) return PFHOST_E_AGAIN;
  handed_out_ = std::move(ready_->data);
  packet.flags = ready_->keyframe ? uint32_t{PFHOST_PACKET_FLAG_KEYFRAME} : 0u;
  packet.data = handed_out_.data();
  packet.size = handed_out_.size();
  packet.pts_ns = ready_->pts_ns;
  packet.frame_sequence = ready_->sequence;
  ready_.reset();
  return PFHOST_OK;
}

pfhost_status NvencEncoder::set_bitrate(uint32_t bitrate_kbps) {
  if (bitrate_kbps == 0) return PFHOST_E_INVALID_ARGUMENT;
  if (params_.rate_control == PFHOST_RATE_CONTROL_CQP) return PFHOST_E_UNSUPPORTED;
  if (!resources_) {  // a D3D11 encoder before its first frame: start at the new rate
    params_.bitrate_kbps = bitrate_kbps;
    return PFHOST_OK;
  }
  Resources &r = *resources_;
  const std::optional<CudaScope> scope = r.enter();
  NV_ENC_CONFIG changed = r.setup.config;
  apply_bitrate(changed, bitrate_kbps, vbv_frames(params_, config_), params_.framerate_num,
                params_.framerate_den);
  NV_ENC_RECONFIGURE_PARAMS reconfigure{};
  reconfigure.version = NV_ENC_RECONFIGURE_PARAMS_VER;
  reconfigure.reInitEncodeParams = r.setup.init;
  reconfigure.reInitEncodeParams.encodeConfig = &changed;
  reconfigure.resetEncoder = 0;  // keep the references: no IDR, no visible hiccup
  reconfigure.forceIDR = 0;
  const NVENCSTATUS status =
      r.session.api().nvEncReconfigureEncoder(r.session.handle(), &reconfigure);
  if (status != NV_ENC_SUCCESS) {
    host_.warn("set_bitrate(" + std::to_string(bitrate_kbps) +
               " kbit/s) failed: " + r.session.describe(status));
    return status == NV_ENC_ERR_UNSUPPORTED_PARAM ? PFHOST_E_UNSUPPORTED : PFHOST_E_INTERNAL;
  }
  r.setup.config = changed;
  params_.bitrate_kbps = bitrate_kbps;
  host_.debug("bitrate now " + std::to_string(bitrate_kbps) + " kbit/s");
  return PFHOST_OK;
}

void NvencEncoder::flush() {
  if (flushed_) return;
  flushed_ = true;
  if (!resources_) return;  // never started: nothing was encoded
  // Without B-frames NVENC holds nothing back; the end-of-stream picture tells it so anyway.
  Resources &r = *resources_;
  const std::optional<CudaScope> scope = r.enter();
  NV_ENC_PIC_PARAMS end{};
  end.version = NV_ENC_PIC_PARAMS_VER;
  end.encodePicFlags = NV_ENC_PIC_FLAG_EOS;
  r.session.check(r.session.api().nvEncEncodePicture(r.session.handle(), &end),
                  "nvEncEncodePicture (end of stream)");
}

}  // namespace pfhost::nvenc
