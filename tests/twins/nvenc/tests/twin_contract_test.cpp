// The twin's own checks can fail: an NVENC client that breaks the contract (a wrong struct
// version, a reserved field set, a call before initialise, a locked buffer, another session's
// handle, a registration passed where a mapped resource belongs, buffers left at destroy) gets the
// driver's error code and a violation in the report. Calls the twin's NVENC API directly.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <ffnvcodec/nvEncodeAPI.h>

#include <stdexcept>
#include <string>

#include "twin_report.hpp"

namespace pfhost::nvenc::test {
namespace {

constexpr uint32_t kWidth = 64;
constexpr uint32_t kHeight = 64;

template <class F>
F symbol(void *library, const char *name) {
  auto function = reinterpret_cast<F>(dlsym(library, name));
  if (function == nullptr) throw std::runtime_error(std::string("no ") + name);
  return function;
}

// The twin's API and one CUDA context, as an NVENC client sets them up.
class TwinApi {
 public:
  TwinApi() {
    void *cuda = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    void *nvenc = dlopen("libnvidia-encode.so.1", RTLD_NOW | RTLD_LOCAL);
    if (cuda == nullptr || nvenc == nullptr)
      throw std::runtime_error("the twin is not on the path");
    symbol<int (*)(unsigned)>(cuda, "cuInit")(0);
    symbol<int (*)(void **, unsigned, int)>(cuda, "cuCtxCreate_v2")(&context_, 0, 0);
    destroy_context_ = symbol<int (*)(void *)>(cuda, "cuCtxDestroy_v2");
    api_.version = NV_ENCODE_API_FUNCTION_LIST_VER;
    symbol<NVENCSTATUS (*)(NV_ENCODE_API_FUNCTION_LIST *)>(nvenc,
                                                           "NvEncodeAPICreateInstance")(&api_);
  }
  ~TwinApi() { destroy_context_(context_); }
  TwinApi(const TwinApi &) = delete;
  TwinApi &operator=(const TwinApi &) = delete;
  const NV_ENCODE_API_FUNCTION_LIST &api() const { return api_; }

  void *open() const {
    NV_ENC_OPEN_ENCODE_SESSION_EX_PARAMS params{};
    params.version = NV_ENC_OPEN_ENCODE_SESSION_EX_PARAMS_VER;
    params.deviceType = NV_ENC_DEVICE_TYPE_CUDA;
    params.device = context_;
    params.apiVersion = NVENCAPI_VERSION;
    void *encoder = nullptr;
    EXPECT_EQ(api_.nvEncOpenEncodeSessionEx(&params, &encoder), NV_ENC_SUCCESS);
    return encoder;
  }

  void *open_initialised() const {
    void *encoder = open();
    NV_ENC_INITIALIZE_PARAMS init{};
    init.version = NV_ENC_INITIALIZE_PARAMS_VER;
    init.encodeGUID = NV_ENC_CODEC_H264_GUID;
    init.presetGUID = NV_ENC_PRESET_P1_GUID;
    init.tuningInfo = NV_ENC_TUNING_INFO_ULTRA_LOW_LATENCY;
    init.encodeWidth = kWidth;
    init.encodeHeight = kHeight;
    init.frameRateNum = 30;
    init.frameRateDen = 1;
    init.enablePTD = 1;
    EXPECT_EQ(api_.nvEncInitializeEncoder(encoder, &init), NV_ENC_SUCCESS);
    return encoder;
  }

  NV_ENC_INPUT_PTR input(void *encoder, NVENCSTATUS want = NV_ENC_SUCCESS) const {
    NV_ENC_CREATE_INPUT_BUFFER create{};
    create.version = NV_ENC_CREATE_INPUT_BUFFER_VER;
    create.width = kWidth;
    create.height = kHeight;
    create.bufferFmt = NV_ENC_BUFFER_FORMAT_NV12;
    EXPECT_EQ(api_.nvEncCreateInputBuffer(encoder, &create), want);
    return create.inputBuffer;
  }

  NV_ENC_OUTPUT_PTR bitstream(void *encoder) const {
    NV_ENC_CREATE_BITSTREAM_BUFFER create{};
    create.version = NV_ENC_CREATE_BITSTREAM_BUFFER_VER;
    EXPECT_EQ(api_.nvEncCreateBitstreamBuffer(encoder, &create), NV_ENC_SUCCESS);
    return create.bitstreamBuffer;
  }

  NV_ENC_PIC_PARAMS picture(NV_ENC_INPUT_PTR input, NV_ENC_OUTPUT_PTR output) const {
    NV_ENC_PIC_PARAMS picture{};
    picture.version = NV_ENC_PIC_PARAMS_VER;
    picture.inputBuffer = input;
    picture.outputBitstream = output;
    picture.bufferFmt = NV_ENC_BUFFER_FORMAT_NV12;
    picture.pictureStruct = NV_ENC_PIC_STRUCT_FRAME;
    return picture;
  }

  std::string last_error(void *encoder) const { return api_.nvEncGetLastErrorString(encoder); }

 private:
  NV_ENCODE_API_FUNCTION_LIST api_{};
  void *context_ = nullptr;
  int (*destroy_context_)(void *) = nullptr;
};

TEST(NvencTwinContract, WrongStructVersionIsRefused) {
  TwinReport report;
  TwinApi twin;
  void *encoder = twin.open_initialised();
  NV_ENC_CREATE_INPUT_BUFFER create{};
  create.version = NVENCAPI_STRUCT_VERSION(2);  // the 12.x layout's version
  create.width = kWidth;
  create.height = kHeight;
  create.bufferFmt = NV_ENC_BUFFER_FORMAT_NV12;
  EXPECT_EQ(twin.api().nvEncCreateInputBuffer(encoder, &create), NV_ENC_ERR_INVALID_VERSION);
  EXPECT_NE(twin.last_error(encoder).find("params->version is"), std::string::npos);
  ASSERT_EQ(report.events("violation").size(), 1u);
  twin.api().nvEncDestroyEncoder(encoder);
}

TEST(NvencTwinContract, ReservedFieldMustBeZero) {
  TwinReport report;
  TwinApi twin;
  void *encoder = twin.open_initialised();
  NV_ENC_INPUT_PTR input = twin.input(encoder);
  NV_ENC_OUTPUT_PTR output = twin.bitstream(encoder);
  NV_ENC_PIC_PARAMS picture = twin.picture(input, output);
  picture.reserved3[5] = 1;
  EXPECT_EQ(twin.api().nvEncEncodePicture(encoder, &picture), NV_ENC_ERR_INVALID_PARAM);
  EXPECT_NE(twin.last_error(encoder).find("reserved3"), std::string::npos);
  picture.reserved3[5] = 0;
  EXPECT_EQ(twin.api().nvEncEncodePicture(encoder, &picture), NV_ENC_SUCCESS);
  twin.api().nvEncDestroyInputBuffer(encoder, input);
  twin.api().nvEncDestroyBitstreamBuffer(encoder, output);
  twin.api().nvEncDestroyEncoder(encoder);
  EXPECT_EQ(report.events("violation").size(), 1u);
}

TEST(NvencTwinContract, BuffersOnlyAfterInitialise) {
  TwinReport report;
  TwinApi twin;
  void *encoder = twin.open();
  twin.input(encoder, NV_ENC_ERR_ENCODER_NOT_INITIALIZED);
  EXPECT_EQ(twin.last_error(encoder),
            "nvEncCreateInputBuffer: called before nvEncInitializeEncoder");
  twin.api().nvEncDestroyEncoder(encoder);
  EXPECT_EQ(report.events("violation").size(), 1u);
}

TEST(NvencTwinContract, LockedInputCannotBeEncoded) {
  TwinReport report;
  TwinApi twin;
  void *encoder = twin.open_initialised();
  NV_ENC_INPUT_PTR input = twin.input(encoder);
  NV_ENC_OUTPUT_PTR output = twin.bitstream(encoder);
  NV_ENC_LOCK_INPUT_BUFFER lock{};
  lock.version = NV_ENC_LOCK_INPUT_BUFFER_VER;
  lock.inputBuffer = input;
  ASSERT_EQ(twin.api().nvEncLockInputBuffer(encoder, &lock), NV_ENC_SUCCESS);
  NV_ENC_PIC_PARAMS picture = twin.picture(input, output);
  EXPECT_EQ(twin.api().nvEncEncodePicture(encoder, &picture), NV_ENC_ERR_LOCK_BUSY);
  EXPECT_EQ(twin.api().nvEncLockInputBuffer(encoder, &lock), NV_ENC_ERR_LOCK_BUSY);
  ASSERT_EQ(twin.api().nvEncUnlockInputBuffer(encoder, input), NV_ENC_SUCCESS);
  EXPECT_EQ(twin.api().nvEncEncodePicture(encoder, &picture), NV_ENC_SUCCESS);
  twin.api().nvEncDestroyInputBuffer(encoder, input);
  twin.api().nvEncDestroyBitstreamBuffer(encoder, output);
  twin.api().nvEncDestroyEncoder(encoder);
  EXPECT_EQ(report.events("violation").size(), 2u);
}

TEST(NvencTwinContract, HandlesBelongToTheirSession) {
  TwinReport report;
  TwinApi twin;
  void *first = twin.open_initialised();
  void *second = twin.open_initialised();
  NV_ENC_INPUT_PTR input = twin.input(first);
  NV_ENC_OUTPUT_PTR output = twin.bitstream(second);
  NV_ENC_PIC_PARAMS picture = twin.picture(input, output);
  EXPECT_EQ(twin.api().nvEncEncodePicture(second, &picture), NV_ENC_ERR_INVALID_PTR);
  EXPECT_EQ(twin.last_error(second),
            "nvEncEncodePicture: inputBuffer is not an input of this encoder");
  EXPECT_EQ(twin.api().nvEncDestroyInputBuffer(second, input), NV_ENC_ERR_INVALID_PTR);
  twin.api().nvEncDestroyInputBuffer(first, input);
  twin.api().nvEncDestroyBitstreamBuffer(second, output);
  twin.api().nvEncDestroyEncoder(first);
  twin.api().nvEncDestroyEncoder(second);
  EXPECT_EQ(twin.api().nvEncDestroyEncoder(first), NV_ENC_ERR_INVALID_ENCODERDEVICE)
      << "a destroyed session is gone";
  EXPECT_EQ(report.events("violation").size(), 3u);
}

TEST(NvencTwinContract, RegistrationIsNotAMappedInput) {
  TwinReport report;
  TwinApi twin;
  void *encoder = twin.open_initialised();
  static uint8_t frame[kWidth * kHeight * 3 / 2];
  NV_ENC_REGISTER_RESOURCE request{};
  request.version = NV_ENC_REGISTER_RESOURCE_VER;
  request.resourceType = NV_ENC_INPUT_RESOURCE_TYPE_CUDADEVICEPTR;
  request.width = kWidth;
  request.height = kHeight;
  request.pitch = kWidth;
  request.resourceToRegister = frame;
  request.bufferFormat = NV_ENC_BUFFER_FORMAT_NV12;
  ASSERT_EQ(twin.api().nvEncRegisterResource(encoder, &request), NV_ENC_SUCCESS);
  NV_ENC_OUTPUT_PTR output = twin.bitstream(encoder);
  NV_ENC_PIC_PARAMS picture = twin.picture(request.registeredResource, output);
  EXPECT_EQ(twin.api().nvEncEncodePicture(encoder, &picture), NV_ENC_ERR_RESOURCE_NOT_MAPPED);
  NV_ENC_MAP_INPUT_RESOURCE map{};
  map.version = NV_ENC_MAP_INPUT_RESOURCE_VER;
  map.registeredResource = request.registeredResource;
  ASSERT_EQ(twin.api().nvEncMapInputResource(encoder, &map), NV_ENC_SUCCESS);
  EXPECT_EQ(twin.api().nvEncUnregisterResource(encoder, request.registeredResource),
            NV_ENC_ERR_INVALID_CALL)
      << "still mapped";
  picture.inputBuffer = map.mappedResource;
  EXPECT_EQ(twin.api().nvEncEncodePicture(encoder, &picture), NV_ENC_SUCCESS);
  EXPECT_EQ(twin.api().nvEncUnmapInputResource(encoder, map.mappedResource), NV_ENC_SUCCESS);
  EXPECT_EQ(twin.api().nvEncUnregisterResource(encoder, request.registeredResource),
            NV_ENC_SUCCESS);
  twin.api().nvEncDestroyBitstreamBuffer(encoder, output);
  twin.api().nvEncDestroyEncoder(encoder);
  EXPECT_EQ(report.events("violation").size(), 2u);
  EXPECT_EQ(number(report.events("destroy").back(), "leaked_registrations"), 0u);
}

TEST(NvencTwinContract, WhatADestroyLeavesBehindIsCounted) {
  TwinReport report;
  TwinApi twin;
  void *encoder = twin.open_initialised();
  twin.input(encoder);
  twin.bitstream(encoder);
  twin.api().nvEncDestroyEncoder(encoder);
  const std::string destroyed = report.events("destroy").back();
  EXPECT_EQ(number(destroyed, "leaked_inputs"), 1u);
  EXPECT_EQ(number(destroyed, "leaked_bitstreams"), 1u);
}

}  // namespace
}  // namespace pfhost::nvenc::test
