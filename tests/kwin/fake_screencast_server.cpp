#include "fake_screencast_server.hpp"

#include "zkde-screencast-unstable-v1-server-protocol.h"

#include <pfhost/test/video_test_source.hpp>

#include <wayland-server.h>

#include <algorithm>
#include <stdexcept>

namespace pfhost::test {

struct FakeScreencastServer::Stream {
  FakeScreencastServer *server = nullptr;
  wl_resource *resource = nullptr;
  std::unique_ptr<VideoTestSource> source;
};

namespace {

using Stream = FakeScreencastServer::Stream;

void stream_close(wl_client * /*client*/, wl_resource *resource) {
  wl_resource_destroy(resource);  // the destroy hook stops the source
}

const struct zkde_screencast_stream_unstable_v1_interface kStreamImpl = {&stream_close};

void stream_destroyed(wl_resource *resource) {
  auto *stream = static_cast<Stream *>(wl_resource_get_user_data(resource));
  stream->server->on_stream_gone(*stream);
  delete stream;
}

Stream *new_stream(wl_client *client, wl_resource *parent, uint32_t id) {
  auto *server = static_cast<FakeScreencastServer *>(wl_resource_get_user_data(parent));
  wl_resource *resource = wl_resource_create(client, &zkde_screencast_stream_unstable_v1_interface,
                                             wl_resource_get_version(parent), id);
  auto *stream = new Stream{server, resource, nullptr};
  wl_resource_set_implementation(resource, &kStreamImpl, stream, &stream_destroyed);
  return stream;
}

void stream_output(wl_client *client, wl_resource *resource, uint32_t id, wl_resource * /*output*/,
                   uint32_t /*pointer*/) {
  zkde_screencast_stream_unstable_v1_send_failed(new_stream(client, resource, id)->resource,
                                                 "not supported by the test server");
}
void stream_window(wl_client *client, wl_resource *resource, uint32_t id, const char * /*uuid*/,
                   uint32_t /*pointer*/) {
  zkde_screencast_stream_unstable_v1_send_failed(new_stream(client, resource, id)->resource,
                                                 "not supported by the test server");
}
void screencast_destroy(wl_client * /*client*/, wl_resource *resource) {
  wl_resource_destroy(resource);
}
void stream_virtual_output(wl_client *client, wl_resource *resource, uint32_t id, const char *name,
                           int32_t width, int32_t height, wl_fixed_t scale, uint32_t pointer) {
  Stream *stream = new_stream(client, resource, id);
  stream->server->on_virtual_output(
      *stream, {name != nullptr ? name : "", width, height, wl_fixed_to_double(scale), pointer});
}
void stream_region(wl_client *client, wl_resource *resource, uint32_t id, int32_t /*x*/,
                   int32_t /*y*/, uint32_t /*w*/, uint32_t /*h*/, wl_fixed_t /*scale*/,
                   uint32_t /*pointer*/) {
  zkde_screencast_stream_unstable_v1_send_failed(new_stream(client, resource, id)->resource,
                                                 "not supported by the test server");
}

const struct zkde_screencast_unstable_v1_interface kScreencastImpl = {
    &stream_output, &stream_window, &screencast_destroy, &stream_virtual_output, &stream_region};

void bind_screencast(wl_client *client, void *data, uint32_t version, uint32_t id) {
  wl_resource *resource = wl_resource_create(client, &zkde_screencast_unstable_v1_interface,
                                             static_cast<int>(version), id);
  wl_resource_set_implementation(resource, &kScreencastImpl, data, nullptr);
}

}  // namespace

FakeScreencastServer::FakeScreencastServer(Options options) : options_(std::move(options)) {
  display_ = wl_display_create();
  if (display_ == nullptr) throw std::runtime_error("wl_display_create failed");
  const char *socket = wl_display_add_socket_auto(display_);
  if (socket == nullptr) {
    wl_display_destroy(display_);
    throw std::runtime_error("wl_display_add_socket_auto failed (is XDG_RUNTIME_DIR set?)");
  }
  socket_name_ = socket;
  if (options_.advertise_screencast)
    wl_global_create(display_, &zkde_screencast_unstable_v1_interface, 3, this, &bind_screencast);
  thread_ = std::thread([this] { run(); });
}

FakeScreencastServer::~FakeScreencastServer() {
  stop_ = true;
  thread_.join();
  wl_display_destroy_clients(display_);  // their streams' destroy hooks stop the sources
  wl_display_destroy(display_);
}

void FakeScreencastServer::run() {
  wl_event_loop *loop = wl_display_get_event_loop(display_);
  while (!stop_) {
    wl_event_loop_dispatch(loop, 20);
    if (close_requested_.exchange(false)) {
      for (Stream *stream : streams_) {
        if (stream->source) {
          stream->source->stop();
          stream->source.reset();
          --live_;
        }
        zkde_screencast_stream_unstable_v1_send_closed(stream->resource);
      }
    }
    wl_display_flush_clients(display_);
  }
}

void FakeScreencastServer::on_virtual_output(Stream &stream, const StreamRequest &request) {
  {
    const std::lock_guard lock(mutex_);
    requests_.push_back(request);
  }
  streams_.push_back(&stream);
  switch (options_.answer) {
    case Answer::never:
      return;
    case Answer::fail:
      zkde_screencast_stream_unstable_v1_send_failed(stream.resource,
                                                     options_.failure_text.c_str());
      return;
    case Answer::create_node:
      break;
  }
  VideoTestSource::Options source;
  source.width = static_cast<uint32_t>(request.width);
  source.height = static_cast<uint32_t>(request.height);
  source.framerate = 30;
  source.pattern = "smpte";
  source.node_name = "fake-kwin-" + request.name;
  try {
    stream.source = std::make_unique<VideoTestSource>(*options_.pipewire, source);
  } catch (const std::exception &e) {
    zkde_screencast_stream_unstable_v1_send_failed(stream.resource, e.what());
    return;
  }
  ++live_;
  {
    const std::lock_guard lock(mutex_);
    nodes_.push_back(stream.source->node_id());
  }
  zkde_screencast_stream_unstable_v1_send_created(stream.resource, stream.source->node_id());
}

void FakeScreencastServer::on_stream_gone(Stream &stream) {
  if (stream.source) {
    stream.source->stop();
    stream.source.reset();
    --live_;
  }
  std::erase(streams_, &stream);
  ++closed_;
}

std::vector<FakeScreencastServer::StreamRequest> FakeScreencastServer::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

std::vector<uint32_t> FakeScreencastServer::nodes() const {
  const std::lock_guard lock(mutex_);
  return nodes_;
}

}  // namespace pfhost::test
