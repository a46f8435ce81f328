#include "pipewire_capture.hpp"

#include <utility>

namespace pfhost::pipewire {

PipeWireCapture::PipeWireCapture(const CaptureOptions &options, const pfhost::Host &host)
    : node_id_(options.node_id),
      host_(host),
      handover_(FrameHandover::create(options.frame_slots)) {
  diagnostics_.update([&](CaptureDiagnostics &d) { d.node_id = node_id_; });
  PwConnection::Callbacks callbacks;
  callbacks.global_removed = [this](uint32_t id) {
    if (id == node_id_) handover_->close("PipeWire node " + std::to_string(id) + " was removed");
  };
  callbacks.connection_lost = [this](const std::string &reason) { handover_->close(reason); };
  connection_ =
      std::make_unique<PwConnection>(options.remote_fd, options.connect_timeout, callbacks);

  const PwConnection::Lock lock(*connection_);
  const std::string node = std::to_string(node_id_);
  const auto global = connection_->find_global(node_id_);
  if (!global)
    throw pfhost::Error(
        PFHOST_E_UNAVAILABLE,
        "PipeWire node " + node + " does not exist on the daemon (already removed, or a wrong id)");
  if (global->type != PW_TYPE_INTERFACE_Node)
    throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT,
                        "PipeWire object " + node + " is a " + global->type + ", not a node");
  diagnostics_.update([&](CaptureDiagnostics &d) { d.media_class = global->media_class; });
  if (global->media_class.find("Video") == std::string::npos)
    host_.warn("PipeWire node " + node + " has media.class '" + global->media_class +
               "', not a video source; negotiation will probably fail");

  StreamOptions stream_options;
  stream_options.node_id = node_id_;
  stream_options.target_serial = global->object_serial;
  stream_options.mode = options.mode;
  stream_options.accepted_formats = options.accepted_formats;
  stream_options.dmabuf_modifiers = options.dmabuf_modifiers;
  stream_ = std::make_unique<CaptureStream>(connection_->core(), std::move(stream_options),
                                            handover_, diagnostics_, host_);
}

PipeWireCapture::~PipeWireCapture() {
  if (connection_ != nullptr) {
    {
      // Tear the stream down while the loop still runs, so the daemon hears about it at once.
      const PwConnection::Lock lock(*connection_);
      stream_.reset();
    }
    connection_->stop();  // quit the loop and join its thread
    connection_.reset();
  }
  handover_->close("capture closed");
}

pfhost_status PipeWireCapture::next_frame(uint32_t timeout_ms, pfhost_frame **out,
                                          std::string *reason) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  switch (handover_->take(deadline, out)) {
    case pfhost::FrameTake::kFrame:
      return PFHOST_OK;
    case pfhost::FrameTake::kClosed:
      *reason = handover_->closed_reason();
      return PFHOST_E_CLOSED;
    case pfhost::FrameTake::kNone:
      break;
  }
  *reason = describe_timeout(diagnostics_.snapshot(), timeout_ms);
  return PFHOST_E_TIMEOUT;
}

pfhost_status PipeWireCapture::try_latest(pfhost_frame **out) {
  switch (handover_->try_take(out)) {
    case pfhost::FrameTake::kFrame:
      return PFHOST_OK;
    case pfhost::FrameTake::kClosed:
      return PFHOST_E_CLOSED;
    case pfhost::FrameTake::kNone:
      break;
  }
  return PFHOST_E_AGAIN;
}

void PipeWireCapture::set_active(bool active) {
  diagnostics_.update([&](CaptureDiagnostics &d) { d.active = active; });
  const PwConnection::Lock lock(*connection_);
  stream_->set_active(active);
}

}  // namespace pfhost::pipewire
