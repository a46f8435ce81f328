// The streaming module: `pfhost stream` and `pfhost serve` with everything they need (sessions,
// the pipeline, FFmpeg's muxers, libsrt, the serving host) live in a shared library beside the
// executable, loaded only when one of those commands runs. The executable itself links only what
// listing, probing and the other small commands need, so it starts in a few milliseconds instead
// of mapping FFmpeg's hundred-odd libraries on every start.
//
// The module is a whole second copy of the host (it runs main.cpp's run_pfhost() on the same
// argv), so the executable hands over before it has set anything up: no shared state crosses.
// The process stays the same one (KWin, for one, checks which executable asks for an output).
#pragma once

// The symbol the module exports: int pfhost_streaming_main(int argc, char **argv).
#define PFHOST_STREAMING_MAIN_SYMBOL "pfhost_streaming_main"

namespace pfhost::core::app {

// Loads the module (PFHOST_STREAMING_MODULE_PATH, relative to the executable's directory) and
// runs the command line there; returns its exit status. Throws std::runtime_error naming the
// file and the loader's reason when the module cannot be loaded.
int run_in_streaming_module(int argc, char **argv);

}  // namespace pfhost::core::app
