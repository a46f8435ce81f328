// libFuzzer target: what a plugin's entry point hands the host -> validate_descriptor, the one
// place that reads plugin tables before the host trusts them. The fuzzer builds descriptors the
// way a broken or hostile plugin could: any struct_size, ABI version, backend count and kind, NULL
// or present tables with any subset of members, names of any bytes. Pointers always point at
// memory the fuzzer owns (a real plugin's bad pointer is the probe worker's crash to report, not
// something validation can see). Validation must never read past what a struct_size allows,
// never crash, and never accept what the host would later call through a NULL: each backend it
// accepts has every required member of its kind, a valid name, and no duplicate name.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "loader/descriptor_validation.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

// Non-null stand-ins: validation only compares members with NULL, it never calls them.
pfhost_status probe(void *, pfhost_reason *) {
  return PFHOST_OK;
}
pfhost_status create(void *, const pfhost_display_request *, pfhost_display **, pfhost_target *,
                     pfhost_reason *) {
  return PFHOST_E_UNSUPPORTED;
}
void destroy(pfhost_display *) {}
pfhost_status open_capture(void *, const pfhost_capture_params *, pfhost_capture **,
                           pfhost_reason *) {
  return PFHOST_E_UNSUPPORTED;
}
pfhost_status next_frame(pfhost_capture *, uint32_t, pfhost_frame **, pfhost_reason *) {
  return PFHOST_E_TIMEOUT;
}
void close_capture(pfhost_capture *) {}
pfhost_status query_caps(void *, pfhost_encoder_caps *, pfhost_reason *) {
  return PFHOST_OK;
}
pfhost_status open_encoder(void *, const pfhost_encoder_params *, pfhost_encoder **,
                           pfhost_reason *) {
  return PFHOST_E_UNSUPPORTED;
}
pfhost_status submit(pfhost_encoder *, const pfhost_frame *, uint32_t, pfhost_reason *) {
  return PFHOST_OK;
}
pfhost_status receive(pfhost_encoder *, pfhost_packet *, pfhost_reason *) {
  return PFHOST_E_AGAIN;
}
void close_encoder(pfhost_encoder *) {}

// Everything one fuzzed descriptor points at; it outlives validation.
struct Plugin {
  std::vector<std::string> strings;
  std::vector<std::unique_ptr<pfhost_display_vtable>> displays;
  std::vector<std::unique_ptr<pfhost_capture_vtable>> captures;
  std::vector<std::unique_ptr<pfhost_encode_vtable>> encodes;
  std::vector<std::unique_ptr<pfhost_backend>> backends;
  std::vector<const pfhost_backend *> list;
  pfhost_plugin_descriptor descriptor{};
};

// A size the plugin claims for a struct of `actual` bytes: usually its own, sometimes anything up
// to it (the host must read only that much; it never reads past its own sizeof, and the memory
// behind is ours up to `actual`).
uint32_t claimed_size(FuzzedDataProvider &in, size_t actual) {
  return in.ConsumeBool() ? static_cast<uint32_t>(actual)
                          : in.ConsumeIntegralInRange<uint32_t>(0, static_cast<uint32_t>(actual));
}

const char *fuzzed_string(FuzzedDataProvider &in, Plugin &plugin) {
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) return nullptr;
  plugin.strings.reserve(64);  // c_str() pointers must stay valid: no reallocation past this
  if (plugin.strings.size() >= 64) return "x";
  plugin.strings.push_back(in.ConsumeRandomLengthString(80));
  return plugin.strings.back().c_str();
}

template <class T>
T *maybe(FuzzedDataProvider &in, std::vector<std::unique_ptr<T>> &store, T table) {
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) return nullptr;
  table.struct_size = claimed_size(in, sizeof(T));
  store.push_back(std::make_unique<T>(table));
  return store.back().get();
}

void build(FuzzedDataProvider &in, Plugin &plugin) {
  const size_t count = in.ConsumeIntegralInRange<size_t>(0, 6);
  for (size_t i = 0; i < count; ++i) {
    auto backend = std::make_unique<pfhost_backend>();
    backend->struct_size = claimed_size(in, sizeof(pfhost_backend));
    backend->kind = in.ConsumeIntegralInRange<uint32_t>(0, 4);
    backend->name = fuzzed_string(in, plugin);
    backend->description = fuzzed_string(in, plugin);
    backend->rank = in.ConsumeIntegral<int32_t>();
    backend->probe = in.ConsumeBool() ? probe : nullptr;
    pfhost_display_vtable display{};
    display.target_kinds = in.ConsumeIntegral<uint32_t>();
    display.create = in.ConsumeProbability<float>() < 0.9f ? create : nullptr;
    display.destroy = in.ConsumeProbability<float>() < 0.9f ? destroy : nullptr;
    pfhost_capture_vtable capture{};
    capture.open = in.ConsumeProbability<float>() < 0.9f ? open_capture : nullptr;
    capture.next_frame = in.ConsumeProbability<float>() < 0.9f ? next_frame : nullptr;
    capture.close = in.ConsumeProbability<float>() < 0.9f ? close_capture : nullptr;
    pfhost_encode_vtable encode{};
    encode.query_caps = in.ConsumeProbability<float>() < 0.9f ? query_caps : nullptr;
    encode.open = in.ConsumeProbability<float>() < 0.9f ? open_encoder : nullptr;
    encode.submit = in.ConsumeProbability<float>() < 0.9f ? submit : nullptr;
    encode.receive = in.ConsumeProbability<float>() < 0.9f ? receive : nullptr;
    encode.close = in.ConsumeProbability<float>() < 0.9f ? close_encoder : nullptr;
    backend->display = maybe(in, plugin.displays, display);
    backend->capture = maybe(in, plugin.captures, capture);
    backend->encode = maybe(in, plugin.encodes, encode);
    plugin.list.push_back(in.ConsumeIntegralInRange<int>(0, 15) == 0 ? nullptr : backend.get());
    plugin.backends.push_back(std::move(backend));
  }
  pfhost_plugin_descriptor &d = plugin.descriptor;
  d.struct_size = claimed_size(in, sizeof d);
  d.abi_major = in.ConsumeBool() ? PFHOST_ABI_MAJOR : in.ConsumeIntegral<uint32_t>();
  d.abi_minor = in.ConsumeIntegral<uint32_t>();
  d.name = fuzzed_string(in, plugin);
  d.version = fuzzed_string(in, plugin);
  d.vendor = fuzzed_string(in, plugin);
  d.description = fuzzed_string(in, plugin);
  // The count may claim fewer entries than the list holds, never more (the list is the plugin's
  // own memory; a longer claim is a read of someone else's).
  d.backend_count = in.ConsumeIntegralInRange<uint32_t>(0, static_cast<uint32_t>(count));
  d.backends = plugin.list.empty() ? nullptr : plugin.list.data();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzedDataProvider in(data, size);
  Plugin plugin;
  build(in, plugin);
  const pfhost::core::DescriptorCheck check = pfhost::core::validate_descriptor(&plugin.descriptor);
  if (!check.descriptor) {
    require(!check.error.empty());  // a refusal always says why
    return 0;
  }
  std::set<std::string> names;
  for (const pfhost::core::ValidatedBackend &b : check.descriptor->backends) {
    if (!b.info.problem.empty()) continue;
    require(pfhost::core::is_valid_name(b.info.name));
    require(names.insert(b.info.name).second);
    switch (b.info.kind) {
      case PFHOST_BACKEND_DISPLAY:
        require(b.display.create != nullptr && b.display.destroy != nullptr);
        break;
      case PFHOST_BACKEND_CAPTURE:
        require(b.capture.open != nullptr && b.capture.next_frame != nullptr &&
                b.capture.close != nullptr);
        break;
      case PFHOST_BACKEND_ENCODE:
        require(b.encode.query_caps != nullptr && b.encode.open != nullptr &&
                b.encode.submit != nullptr && b.encode.receive != nullptr &&
                b.encode.close != nullptr);
        break;
      default:
        require(false);  // an unknown kind is never accepted
    }
  }
  return 0;
}
