# Cross-compiling pfhost for 64-bit Windows with Debian's mingw-w64 (the posix-threads flavour:
# std::thread, std::mutex and std::condition_variable need it). scripts/build-windows.sh uses this
# file; by hand: cmake -S . -B build-windows --toolchain cmake/mingw-w64-x86_64.cmake
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(_pfhost_mingw x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${_pfhost_mingw}-gcc-posix)
set(CMAKE_CXX_COMPILER ${_pfhost_mingw}-g++-posix)
set(CMAKE_RC_COMPILER ${_pfhost_mingw}-windres)
set(CMAKE_AR ${_pfhost_mingw}-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB ${_pfhost_mingw}-gcc-ranlib-posix CACHE FILEPATH "")

# Libraries and headers come from the mingw sysroot only; programs (code generators) from the
# build machine.
set(CMAKE_FIND_ROOT_PATH /usr/${_pfhost_mingw})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config must not hand the build machine's Linux libraries to the Windows build.
set(ENV{PKG_CONFIG_LIBDIR} "${CMAKE_FIND_ROOT_PATH}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# A static runtime: pfhost.exe and every plugin DLL import only Windows' own DLLs, so nothing
# has to be copied beside them (no libstdc++-6.dll, libgcc_s_seh-1.dll, libwinpthread-1.dll).
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static")

# Tests run through wine when it is there (ctest and gtest_discover_tests use this).
find_program(PFHOST_WINE64 NAMES wine64 PATHS /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH)
if(PFHOST_WINE64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${PFHOST_WINE64})
endif()
