// nv-codec-headers' loader (dynlink_loader.h) with its messages routed to the plugin instead of
// stderr: it reports a missing library or symbol through FFNV_LOG_FUNC, and a probe must stay
// quiet, so the message is kept for the error the plugin raises. Include this, never the loader.
#pragma once

namespace pfhost::nvenc {
// Keeps the loader's first message for the error (see driver_library.cpp).
void note_loader_message(const char *format, const char *name);
}  // namespace pfhost::nvenc

#define FFNV_LOG_FUNC(logctx, msg, ...) ::pfhost::nvenc::note_loader_message((msg), __VA_ARGS__)
#define FFNV_DEBUG_LOG_FUNC(logctx, msg, ...)
// Its GetProcAddress casts warn under mingw (-Wcast-function-type): third-party code, not ours.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-function-type"
#pragma GCC diagnostic ignored "-Wunused-parameter"  // our FFNV_LOG_FUNC ignores logctx
#endif
#include <ffnvcodec/dynlink_loader.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
