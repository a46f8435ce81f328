#include "mutter_pipeline.hpp"

#include "output/media_output.hpp"

#include <thread>

namespace pfhost::test {
using namespace pfhost::core;  // the host's own types

MutterPipeline::MutterPipeline(std::string_view mutter_settings)
    : mutter_(PFHOST_MUTTER_PLUGIN, mutter_settings),
      pipewire_(PFHOST_PIPEWIRE_PLUGIN),
      software_(PFHOST_SOFTWARE_PLUGIN),
      display_(mutter_.display("mutter")),
      capture_(pipewire_.capture("pipewire")),
      encoder_(software_.encode("software")) {}

SessionResult MutterPipeline::stream(DisplayLease lease, std::chrono::milliseconds duration,
                                     const std::filesystem::path &file,
                                     const std::function<void()> &while_running) const {
  const pfhost_target target = lease.target();
  const pfhost_mode mode = lease.mode();
  const pfhost_capture_params params = capture_params_for(target, mode, encoder_.caps());
  SessionOptions options;
  options.rate = Framerate::from_millihz(mode.refresh_millihz);
  options.duration = duration;
  options.encoder.bitrate_kbps = 8000;
  Session session(Keepalive(std::move(lease)), capture_.open(params), encoder_,
                  std::make_unique<MediaOutput>(file.string()), std::move(options));
  std::thread helper;
  if (while_running) helper = std::thread(while_running);
  SessionResult result = session.run();
  if (helper.joinable()) helper.join();
  return result;
}

pfhost_mode mode_of(uint32_t width, uint32_t height, uint32_t hz) {
  return pfhost_mode{width, height, hz * 1000};
}

}  // namespace pfhost::test
