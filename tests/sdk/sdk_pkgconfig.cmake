# cmake -DSOURCE_DIR=<pfhost source> -DWORK_DIR=<scratch> -DCXX_COMPILER=<c++> -DABI_VERSION=<M.m>
#       -P sdk_pkgconfig.cmake
#
# Builds the same example without CMake, from the installed pfhost-plugin.pc, with the one line a
# vendor's Makefile would hold. Needs the SDK that sdk_install.cmake left in WORK_DIR/sdk.
include("${CMAKE_CURRENT_LIST_DIR}/check_exports.cmake")

set(sdk "${WORK_DIR}/sdk")
set(out "${WORK_DIR}/plugins-pkgconfig")
file(GLOB pc_file "${sdk}/lib*/pkgconfig/pfhost-plugin.pc" "${sdk}/lib/*/pkgconfig/pfhost-plugin.pc")
if(NOT pc_file)
  message(FATAL_ERROR "no pfhost-plugin.pc under ${sdk}")
endif()
get_filename_component(pc_dir "${pc_file}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} "${pc_dir}")
file(REMOVE_RECURSE "${out}")
file(MAKE_DIRECTORY "${out}")

function(pkg_config result)
  execute_process(COMMAND pkg-config ${ARGN} pfhost-plugin RESULT_VARIABLE rc
                  OUTPUT_VARIABLE value ERROR_VARIABLE error OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config ${ARGN} pfhost-plugin failed: ${error}")
  endif()
  set(${result} "${value}" PARENT_SCOPE)
endfunction()

pkg_config(version --modversion)
pkg_config(plugindir --variable=plugindir)
# The package's version is the ABI version of the headers it installs (abi.h).
if(NOT version VERSION_EQUAL ABI_VERSION)
  message(FATAL_ERROR "pfhost-plugin.pc says version ${version}, expected the ABI's ${ABI_VERSION}")
endif()
# plugindir is relative to the .pc file's own location; resolve it to compare.
get_filename_component(plugindir "${plugindir}" ABSOLUTE)
get_filename_component(expected "${pc_dir}/../pfhost/plugins" ABSOLUTE)
if(NOT plugindir STREQUAL expected)
  message(FATAL_ERROR "plugindir is ${plugindir}, expected ${expected}")
endif()

set(line "'${CXX_COMPILER}' -std=c++20 -O2 -shared -fPIC -fvisibility=hidden \
$(pkg-config --cflags pfhost-plugin) '${SOURCE_DIR}/examples/minimal-plugin/test_pattern.cpp' \
-Wl,--version-script=$(pkg-config --variable=versionscript pfhost-plugin) -Wl,--no-undefined \
-o '${out}/pfhost-minimal.so'")
message(STATUS "${line}")
execute_process(COMMAND sh -c "${line}" RESULT_VARIABLE rc OUTPUT_VARIABLE log ERROR_VARIABLE log)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the pkg-config build failed:\n${log}")
endif()
pfhost_check_exports("${out}/pfhost-minimal.so")
