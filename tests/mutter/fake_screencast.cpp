#include "fake_screencast.hpp"

#include <sdbus-c++/Types.h>

#include <map>
#include <string>

namespace pfhost::test {
namespace {

constexpr const char *kScreenCast = "org.gnome.Mutter.ScreenCast";
constexpr const char *kSession = "org.gnome.Mutter.ScreenCast.Session";
constexpr const char *kStream = "org.gnome.Mutter.ScreenCast.Stream";
constexpr const char *kSessionPath = "/org/gnome/Mutter/ScreenCast/Session/fake";
constexpr const char *kStreamPath = "/org/gnome/Mutter/ScreenCast/Stream/fake";

using Properties = std::map<std::string, sdbus::Variant>;

}  // namespace

FakeScreenCast::FakeScreenCast(Behaviour behaviour)
    : connection_(sdbus::createSessionBusConnection(kScreenCast)) {
  screencast_ = sdbus::createObject(*connection_, "/org/gnome/Mutter/ScreenCast");
  screencast_->registerMethod("CreateSession")
      .onInterface(kScreenCast)
      .implementedAs([behaviour](const Properties &) -> sdbus::ObjectPath {
        if (behaviour == Behaviour::refuse_create_session)
          throw sdbus::Error("org.freedesktop.DBus.Error.AccessDenied",
                             "fake Mutter refuses screencasts");
        return sdbus::ObjectPath(kSessionPath);
      });
  screencast_->registerProperty("Version").onInterface(kScreenCast).withGetter([] {
    return int32_t{4};
  });
  screencast_->finishRegistration();

  session_ = sdbus::createObject(*connection_, kSessionPath);
  session_->registerMethod("RecordVirtual")
      .onInterface(kSession)
      .implementedAs([](const Properties &) { return sdbus::ObjectPath(kStreamPath); });
  session_->registerMethod("Start").onInterface(kSession).implementedAs([] {});
  session_->registerMethod("Stop").onInterface(kSession).implementedAs([this] {
    ++stop_calls_;
    session_->emitSignal("Closed").onInterface(kSession);
  });
  session_->registerSignal("Closed").onInterface(kSession);
  session_->finishRegistration();

  stream_ = sdbus::createObject(*connection_, kStreamPath);
  stream_->registerSignal("PipeWireStreamAdded").onInterface(kStream).withParameters<uint32_t>();
  stream_->finishRegistration();
  connection_->enterEventLoopAsync();
}

FakeScreenCast::~FakeScreenCast() {
  connection_->leaveEventLoop();
  stream_.reset();
  session_.reset();
  screencast_.reset();
  connection_.reset();
}

}  // namespace pfhost::test
