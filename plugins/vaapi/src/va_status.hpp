// VA-API status codes as people search for them: the VA_STATUS_ERROR_* name and libva's own
// description ("VA_STATUS_ERROR_ENCODING_ERROR (internal encoding error)").
#pragma once

#include <va/va.h>

#include <string>

namespace pfhost::vaapi {

std::string va_status_text(VAStatus status);

}  // namespace pfhost::vaapi
