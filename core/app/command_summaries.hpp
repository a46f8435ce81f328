// The one-line descriptions of the commands that run in the streaming module. The executable
// lists them in its help without linking their code (see streaming_module.hpp), so the text is
// written once here for both sides.
#pragma once

namespace pfhost::core::app {

inline constexpr const char *kStreamSummary = "stream one virtual display (or PipeWire node)";
inline constexpr const char *kServeSummary =
    "serve clients: each SRT caller gets a virtual display at the mode it asks for";
inline constexpr const char *kCtlSummary =
    "talk to a running `pfhost serve`: displays | release [SLOT] | sessions | kick ID "
    "(exit 3: no host running, 4: the host refused)";

}  // namespace pfhost::core::app
