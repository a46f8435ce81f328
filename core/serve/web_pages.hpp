// The web pages, compiled into the binary from core/serve/web/*.html (plain HTML and JavaScript,
// no build step): "/" lists displays and sessions, "/view" plays a stream with WebCodecs.
#pragma once

#include <string_view>

namespace pfhost::core::serve {

std::string_view index_page();
std::string_view view_page();

}  // namespace pfhost::core::serve
