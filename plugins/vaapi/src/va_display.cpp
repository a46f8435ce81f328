#include "va_display.hpp"

#include <fcntl.h>
#include <glob.h>
#include <unistd.h>
#include <va/va_drm.h>

extern "C" {
#include <libavutil/hwcontext.h>
#include <libavutil/hwcontext_vaapi.h>
}

#include <pfhost/plugin.hpp>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "status_recorder.hpp"
#include "va_status.hpp"

namespace pfhost::vaapi {

std::string choose_render_node(const std::string &configured) {
  if (!configured.empty()) return configured;
  glob_t found{};
  std::string first;
  if (glob("/dev/dri/renderD*", 0, nullptr, &found) == 0 && found.gl_pathc > 0)
    first = found.gl_pathv[0];  // glob sorts: renderD128 first
  globfree(&found);
  if (first.empty())
    throw Error(PFHOST_E_UNAVAILABLE,
                "no render node (/dev/dri/renderD* not found): this machine has no GPU with a DRM "
                "driver; set [plugins.vaapi] device if the node is elsewhere");
  return first;
}

VaDisplay::VaDisplay(const std::string &device) : device_(device) {
  fd_ = open(device.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) {
    const int error = errno;
    throw Error(PFHOST_E_UNAVAILABLE,
                "cannot open " + device + ": " + std::strerror(error) +
                    (error == EACCES ? " (add the user to the 'render' group)" : ""));
  }
  display_ = vaGetDisplayDRM(fd_);
  if (display_ == nullptr) {
    close(fd_);
    throw Error(PFHOST_E_UNAVAILABLE, device + " is not a DRM render node libva can use");
  }
  // libva prints driver search lines on stdout/stderr by default; the probe must stay quiet.
  vaSetInfoCallback(display_, nullptr, nullptr);
  vaSetErrorCallback(display_, nullptr, nullptr);
  int major = 0, minor = 0;
  if (const VAStatus status = vaInitialize(display_, &major, &minor); status != VA_STATUS_SUCCESS) {
    vaTerminate(display_);
    close(fd_);
    throw Error(PFHOST_E_UNAVAILABLE,
                "no VA-API driver for " + device + ": vaInitialize answered " +
                    va_status_text(status) +
                    " (install the GPU's VA driver, e.g. intel-media-va-driver or "
                    "mesa-va-drivers, or set LIBVA_DRIVER_NAME)");
  }
  record_driver_failures(display_);
}

VaDisplay::~VaDisplay() {
  if (display_ != nullptr) vaTerminate(display_);
  if (fd_ >= 0) close(fd_);
}

std::string VaDisplay::vendor() const {
  const char *vendor = vaQueryVendorString(display_);
  return vendor != nullptr ? vendor : "unknown VA driver";
}

EncodeSupport VaDisplay::encode_support(VAProfile profile) const {
  std::vector<VAProfile> profiles(static_cast<size_t>(vaMaxNumProfiles(display_)));
  int profile_count = 0;
  EncodeSupport support;
  if (vaQueryConfigProfiles(display_, profiles.data(), &profile_count) != VA_STATUS_SUCCESS)
    return support;
  bool listed = false;
  for (int i = 0; i < profile_count; ++i) listed = listed || profiles[i] == profile;
  if (!listed) return support;
  std::vector<VAEntrypoint> entrypoints(static_cast<size_t>(vaMaxNumEntrypoints(display_)));
  int count = 0;
  if (vaQueryConfigEntrypoints(display_, profile, entrypoints.data(), &count) != VA_STATUS_SUCCESS)
    return support;
  for (int i = 0; i < count; ++i) {
    support.slice = support.slice || entrypoints[i] == VAEntrypointEncSlice;
    support.low_power = support.low_power || entrypoints[i] == VAEntrypointEncSliceLP;
  }
  return support;
}

namespace {

struct DeviceOwnership {
  int fd;
};

void free_device(AVHWDeviceContext *device) {
  auto *hwctx = static_cast<AVVAAPIDeviceContext *>(device->hwctx);
  if (hwctx->display != nullptr) vaTerminate(hwctx->display);
  std::unique_ptr<DeviceOwnership> ownership(static_cast<DeviceOwnership *>(device->user_opaque));
  if (ownership) close(ownership->fd);
}

}  // namespace

ffmpeg::BufferRefPtr VaDisplay::into_ffmpeg_device() {
  ffmpeg::BufferRefPtr device(av_hwdevice_ctx_alloc(AV_HWDEVICE_TYPE_VAAPI));
  if (!device) throw std::bad_alloc();
  auto *context = reinterpret_cast<AVHWDeviceContext *>(device->data);
  static_cast<AVVAAPIDeviceContext *>(context->hwctx)->display = display_;
  context->user_opaque = new DeviceOwnership{fd_};
  context->free = free_device;
  display_ = nullptr;  // the device context owns both now, even if init fails below
  fd_ = -1;
  if (const int error = av_hwdevice_ctx_init(device.get()); error < 0)
    throw Error(PFHOST_E_UNAVAILABLE, "FFmpeg cannot use the VA display on " + device_ + ": " +
                                          ffmpeg::av_error_text(error));
  return device;
}

}  // namespace pfhost::vaapi
