# Every third-party library the core and the portable tests use, found once at the top level so
# the imported targets are visible in every folder. Native builds use the system's CMake packages;
# the mingw-w64 cross build (Debian has no mingw packages of these) uses the header-only forms
# straight from the build machine's /usr/include.
#
# Defines: spdlog::spdlog, tomlplusplus::tomlplusplus, Boost::headers, nlohmann_json::nlohmann_json,
# CLI11::CLI11, Threads::Threads, GTest::gtest(_main) and GTest::gmock (tests only),
# pfhost::ffnvcodec (NVIDIA's nv-codec-headers, when present) and PFHOST_HAVE_FFMPEG with
# PkgConfig::PFHOST_FFMPEG (libavformat, libavcodec, libavutil).
find_package(Threads REQUIRED)

if(CMAKE_CROSSCOMPILING AND WIN32)
  # Only these folders of /usr/include, reached through symlinks: adding /usr/include itself
  # would put glibc's headers in front of mingw's.
  set(_pfhost_linux_headers "${PROJECT_BINARY_DIR}/linux-headers")
  file(MAKE_DIRECTORY "${_pfhost_linux_headers}")
  foreach(dir boost toml++ spdlog fmt CLI nlohmann ffnvcodec)
    if(NOT EXISTS "/usr/include/${dir}")
      message(FATAL_ERROR "/usr/include/${dir} is missing; run scripts/install-deps.sh")
    endif()
    if(NOT EXISTS "${_pfhost_linux_headers}/${dir}")
      file(CREATE_LINK "/usr/include/${dir}" "${_pfhost_linux_headers}/${dir}" SYMBOLIC)
    endif()
  endforeach()
  function(_pfhost_header_only_target name)
    add_library(${name} INTERFACE IMPORTED GLOBAL)
    set_target_properties(${name} PROPERTIES
      INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${_pfhost_linux_headers}"
      INTERFACE_INCLUDE_DIRECTORIES "${_pfhost_linux_headers}")
  endfunction()
  # spdlog and fmt compiled into the one file that includes them (logging/log.cpp).
  _pfhost_header_only_target(spdlog::spdlog)
  set_property(TARGET spdlog::spdlog PROPERTY
    INTERFACE_COMPILE_DEFINITIONS SPDLOG_HEADER_ONLY SPDLOG_FMT_EXTERNAL FMT_HEADER_ONLY)
  _pfhost_header_only_target(tomlplusplus::tomlplusplus)
  _pfhost_header_only_target(Boost::headers)
  _pfhost_header_only_target(nlohmann_json::nlohmann_json)
  _pfhost_header_only_target(CLI11::CLI11)
  _pfhost_header_only_target(pfhost::ffnvcodec)  # the headers and their run-time loader
  set(PFHOST_HAVE_FFMPEG OFF)
  if(PFHOST_BUILD_TESTS)
    # GoogleTest from Debian's sources (libgtest-dev ships them in /usr/src/googletest).
    set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
    add_subdirectory(/usr/src/googletest "${PROJECT_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL)
  endif()
  return()
endif()

find_package(spdlog REQUIRED)
find_package(tomlplusplus 3 REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
if(PFHOST_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
find_package(PkgConfig)
if(PkgConfig_FOUND)
  pkg_check_modules(PFHOST_FFMPEG IMPORTED_TARGET GLOBAL libavformat libavcodec libavutil)
  pkg_check_modules(PFHOST_FFNVCODEC QUIET IMPORTED_TARGET GLOBAL ffnvcodec)
  if(PFHOST_FFNVCODEC_FOUND)
    add_library(pfhost::ffnvcodec ALIAS PkgConfig::PFHOST_FFNVCODEC)
  endif()
endif()
if(PFHOST_FFMPEG_FOUND)
  set(PFHOST_HAVE_FFMPEG ON)
else()
  set(PFHOST_HAVE_FFMPEG OFF)
  message(WARNING "FFmpeg (libavformat, libavcodec, libavutil) not found: pfhost is built "
                  "without container outputs (only raw .h264/.hevc files) and without the "
                  "software encoder")
endif()
