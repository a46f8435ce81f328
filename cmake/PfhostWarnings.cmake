# The project's warnings for its own code (not for third-party headers, which are SYSTEM).
# Warnings become errors only with PFHOST_WERROR=ON (scripts/test.sh and CI turn it on): a user or
# packager building with another compiler version must not be stopped by a warning that compiler
# invents.
option(PFHOST_WERROR "Treat warnings in pfhost's own code as errors (developers and CI)" OFF)

function(pfhost_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  # GCC 12 at -O3 (Release) reports -Wrestrict inside libstdc++'s inlined string code for
  # `"text" + std::string` (GCC bug 105329, fixed in GCC 13): a false positive in the library's
  # code, not ours, so the check is off where it misfires.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
     AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wno-restrict>)
  endif()
  if(PFHOST_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
