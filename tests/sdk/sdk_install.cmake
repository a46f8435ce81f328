# cmake -DBUILD_DIR=<pfhost build> -DSOURCE_DIR=<pfhost source> -DWORK_DIR=<scratch>
#       -DGENERATOR=<generator> -DCXX_COMPILER=<c++> [-DTOOLCHAIN=<file>] [-DSUFFIX=.dll]
#       -P sdk_install.cmake
#
# What a vendor does, from scratch: install the SDK from the build tree into a fresh prefix, build
# examples/minimal-plugin out of tree against it with find_package(pfhost-plugin), check the
# result exports only pfhost_plugin_entry and install it into <prefix>/lib/pfhost/plugins.
# Leaves WORK_DIR/{sdk,plugins} behind for the pkg-config and listing tests.
include("${CMAKE_CURRENT_LIST_DIR}/check_exports.cmake")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${command}\n${out}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(sdk "${WORK_DIR}/sdk")
set(plugins "${WORK_DIR}/plugins")

# Only the SDK component: headers, CMake package and .pc file; nothing needs to be built.
run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --component sdk --prefix "${sdk}")
foreach(file include/pfhost/plugin.h include/pfhost/plugin.hpp)
  if(NOT EXISTS "${sdk}/${file}")
    message(FATAL_ERROR "SDK install lacks ${file}")
  endif()
endforeach()

# A cross build (the mingw-w64 one) builds the example with the same toolchain file, as a vendor
# building a Windows plugin on Linux would.
if(NOT SUFFIX)
  set(SUFFIX .so)
endif()
set(compiler "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
if(TOOLCHAIN)
  # A cross toolchain searches packages only under its sysroot: name the package's folder.
  file(GLOB package_dir "${sdk}/lib*/cmake/pfhost-plugin")
  set(compiler --toolchain "${TOOLCHAIN}" "-Dpfhost-plugin_DIR=${package_dir}")
endif()
set(build "${WORK_DIR}/build-cmake")
run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/examples/minimal-plugin" -B "${build}" -G "${GENERATOR}"
    ${compiler} -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_PREFIX_PATH=${sdk}" "-DCMAKE_INSTALL_PREFIX=${plugins}" -DCMAKE_INSTALL_LIBDIR=lib)
run("${CMAKE_COMMAND}" --build "${build}")
pfhost_check_exports("${build}/pfhost-minimal${SUFFIX}")
run("${CMAKE_COMMAND}" --install "${build}")
if(NOT EXISTS "${plugins}/lib/pfhost/plugins/pfhost-minimal${SUFFIX}")
  message(FATAL_ERROR "pfhost_install_plugin did not install into lib/pfhost/plugins")
endif()

# The package version is the ABI's, SameMajorVersion: 1.0 is found, 2.0 is not.
set(probe "${WORK_DIR}/version-probe")
file(WRITE "${probe}/CMakeLists.txt" [=[
cmake_minimum_required(VERSION 3.20)
project(version_probe LANGUAGES CXX)
find_package(pfhost-plugin 1.0 REQUIRED)
if(NOT PFHOST_PLUGIN_ABI_VERSION VERSION_EQUAL pfhost-plugin_VERSION)
  message(FATAL_ERROR "package ${pfhost-plugin_VERSION} != ABI ${PFHOST_PLUGIN_ABI_VERSION}")
endif()
find_package(pfhost-plugin 2.0 QUIET)
if(pfhost-plugin_FOUND)
  message(FATAL_ERROR "find_package(pfhost-plugin 2.0) accepted SDK ${pfhost-plugin_VERSION}")
endif()
]=])
run("${CMAKE_COMMAND}" -S "${probe}" -B "${probe}/build" -G "${GENERATOR}" ${compiler}
    "-DCMAKE_PREFIX_PATH=${sdk}")
message(STATUS "SDK installed in ${sdk}; example built and installed in ${plugins}")
