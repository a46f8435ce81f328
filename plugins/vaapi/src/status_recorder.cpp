#include "status_recorder.hpp"

#include <va/va_backend.h>

#include <map>
#include <memory>
#include <mutex>

#include "va_status.hpp"

namespace pfhost::vaapi {
namespace {

struct Recorder {
  VADriverVTable original;
  const char *failed_call = nullptr;
  VAStatus failed_status = VA_STATUS_SUCCESS;
};

std::mutex registry_lock;
std::map<VADriverContextP, std::unique_ptr<Recorder>> &registry() {
  static auto *recorders = new std::map<VADriverContextP, std::unique_ptr<Recorder>>;
  return *recorders;
}

Recorder *recorder_of(VADriverContextP driver) {
  std::lock_guard<std::mutex> guard(registry_lock);
  const auto found = registry().find(driver);
  return found != registry().end() ? found->second.get() : nullptr;
}

VADriverContextP driver_of(VADisplay display) {
  return static_cast<VADisplayContextP>(display)->pDriverContext;
}

VAStatus record(Recorder &recorder, const char *call, VAStatus status) {
  if (status != VA_STATUS_SUCCESS) {
    std::lock_guard<std::mutex> guard(registry_lock);
    recorder.failed_call = call;
    recorder.failed_status = status;
  }
  return status;
}

// A wrapper per entry point; a generic lambda converts to the entry's exact pointer type.
#define PFHOST_RECORD(entry)                                                \
  table.entry = [](VADriverContextP wrapped, auto... args) -> VAStatus {    \
    Recorder *found = recorder_of(wrapped);                                 \
    return record(*found, #entry, found->original.entry(wrapped, args...)); \
  }

VAStatus terminate(VADriverContextP driver) {
  Recorder *recorder = recorder_of(driver);
  const VAStatus status = recorder->original.vaTerminate(driver);
  std::lock_guard<std::mutex> guard(registry_lock);
  registry().erase(driver);
  return status;
}

}  // namespace

void record_driver_failures(VADisplay display) {
  VADriverContextP driver = driver_of(display);
  VADriverVTable &table = *driver->vtable;
  auto recorder = std::make_unique<Recorder>();
  recorder->original = table;
  {
    std::lock_guard<std::mutex> guard(registry_lock);
    registry()[driver] = std::move(recorder);
  }
  PFHOST_RECORD(vaCreateConfig);
  PFHOST_RECORD(vaCreateSurfaces2);
  PFHOST_RECORD(vaCreateContext);
  PFHOST_RECORD(vaCreateBuffer);
  PFHOST_RECORD(vaMapBuffer);
  PFHOST_RECORD(vaBeginPicture);
  PFHOST_RECORD(vaRenderPicture);
  PFHOST_RECORD(vaEndPicture);
  PFHOST_RECORD(vaSyncSurface);
  PFHOST_RECORD(vaDeriveImage);
  PFHOST_RECORD(vaCreateImage);
  PFHOST_RECORD(vaPutImage);
  table.vaTerminate = terminate;
}

std::string take_driver_failure(VADisplay display) {
  Recorder *recorder = recorder_of(driver_of(display));
  if (recorder == nullptr) return {};
  std::lock_guard<std::mutex> guard(registry_lock);
  if (recorder->failed_call == nullptr) return {};
  std::string text =
      std::string(recorder->failed_call) + " answered " + va_status_text(recorder->failed_status);
  recorder->failed_call = nullptr;
  return text;
}

}  // namespace pfhost::vaapi
