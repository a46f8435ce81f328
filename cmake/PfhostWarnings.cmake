# Warnings as errors for the project's own code (not for third-party headers, which are SYSTEM).
function(pfhost_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Werror)
endfunction()
