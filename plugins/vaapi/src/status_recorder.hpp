// Remembers the last VA call that failed on a display, with its status. FFmpeg's VAAPI encoder
// reduces every driver failure to AVERROR(EIO) and names the VA status only in a log line, so the
// plugin's errors could not say what the driver answered. Like libva's own tracing layer, this
// wraps the entry points of the display's driver table (one table per display, so other users of
// libva in the process are untouched) and records non-success answers on the way back.
#pragma once

#include <va/va.h>

#include <string>

namespace pfhost::vaapi {

// Installs the wrappers on an initialised display (once per display; undone by vaTerminate).
void record_driver_failures(VADisplay display);

// "vaEndPicture answered VA_STATUS_ERROR_ENCODING_ERROR (internal encoding error)" for the last
// failure since the previous call, or "" when the driver reported none. Clears what it returns.
std::string take_driver_failure(VADisplay display);

}  // namespace pfhost::vaapi
