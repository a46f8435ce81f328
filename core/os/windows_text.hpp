// UTF-8 inside pfhost, UTF-16 at the Win32 edge: the conversions, and Win32 error codes as text.
// Windows only.
#pragma once

#include <string>
#include <string_view>

namespace pfhost::core::os {

std::wstring widen(std::string_view utf8);
std::string narrow(std::wstring_view utf16);

// One argument quoted for a command line by the MSVC runtime's rules (backslashes are literal
// unless they precede a quote), which is how the started program's runtime splits it again.
std::wstring quote_windows_argument(const std::wstring &arg);

// "Access is denied. (error 5)"; the number alone when the system has no text for it.
std::string windows_error_text(unsigned long error);

}  // namespace pfhost::core::os
