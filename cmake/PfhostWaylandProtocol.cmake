# pfhost_wayland_protocol(<target> <xml> CLIENT|SERVER)
#
# Generates the C bindings of one Wayland protocol with wayland-scanner at build time and adds them
# to <target>:
#   CLIENT -> <name>-client-protocol.h     SERVER -> <name>-server-protocol.h
#   both   -> <name>-protocol.c (private-code; generated once per target even if both are asked)
# where <name> is the XML file's name without ".xml". The header's folder is added to the target's
# PRIVATE include directories, so sources write `#include "xdg-shell-client-protocol.h"`.
#
# <xml> is an absolute path, a path relative to the calling CMakeLists.txt, or a path relative to
# the wayland-protocols data folder (${PFHOST_WAYLAND_PROTOCOLS_DIR}), e.g.
#   pfhost_wayland_protocol(my-plugin stable/xdg-shell/xdg-shell.xml CLIENT)
#   pfhost_wayland_protocol(my-plugin ${CMAKE_CURRENT_SOURCE_DIR}/protocols/wlr-screencopy-unstable-v1.xml CLIENT)
# The generated C file is compiled without warnings (-w): it is not our code.
include_guard(GLOBAL)

find_package(PkgConfig REQUIRED)
if(NOT PFHOST_WAYLAND_SCANNER)
  pkg_get_variable(_pfhost_scanner wayland-scanner wayland_scanner)
  if(NOT _pfhost_scanner)
    find_program(_pfhost_scanner wayland-scanner)
  endif()
  if(NOT _pfhost_scanner)
    message(FATAL_ERROR "wayland-scanner not found (Debian: libwayland-dev / libwayland-bin)")
  endif()
  set(PFHOST_WAYLAND_SCANNER "${_pfhost_scanner}" CACHE FILEPATH "wayland-scanner executable")
endif()
if(NOT PFHOST_WAYLAND_PROTOCOLS_DIR)
  pkg_get_variable(_pfhost_protocols_dir wayland-protocols pkgdatadir)
  if(_pfhost_protocols_dir)
    # Debian's .pc yields "//usr/share/wayland-protocols"; normalise it.
    cmake_path(NORMAL_PATH _pfhost_protocols_dir)
    string(REGEX REPLACE "^//+" "/" _pfhost_protocols_dir "${_pfhost_protocols_dir}")
  endif()
  set(PFHOST_WAYLAND_PROTOCOLS_DIR "${_pfhost_protocols_dir}"
      CACHE PATH "wayland-protocols data folder (pkg-config wayland-protocols pkgdatadir)")
endif()

function(pfhost_wayland_protocol target xml mode)
  if(NOT mode STREQUAL "CLIENT" AND NOT mode STREQUAL "SERVER")
    message(FATAL_ERROR "pfhost_wayland_protocol(${target} ${xml} ${mode}): mode must be CLIENT or SERVER")
  endif()
  if(IS_ABSOLUTE "${xml}")
    set(xml_path "${xml}")
  elseif(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${xml}")
    set(xml_path "${CMAKE_CURRENT_SOURCE_DIR}/${xml}")
  elseif(PFHOST_WAYLAND_PROTOCOLS_DIR AND EXISTS "${PFHOST_WAYLAND_PROTOCOLS_DIR}/${xml}")
    set(xml_path "${PFHOST_WAYLAND_PROTOCOLS_DIR}/${xml}")
  else()
    message(FATAL_ERROR "pfhost_wayland_protocol: ${xml} not found (looked in "
                        "${CMAKE_CURRENT_SOURCE_DIR} and '${PFHOST_WAYLAND_PROTOCOLS_DIR}')")
  endif()
  if(NOT EXISTS "${xml_path}")
    message(FATAL_ERROR "pfhost_wayland_protocol: ${xml_path} does not exist")
  endif()

  get_filename_component(name "${xml_path}" NAME_WE)
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}-wayland-protocols")
  string(TOLOWER "${mode}" lower_mode)
  set(header "${out_dir}/${name}-${lower_mode}-protocol.h")
  set(code "${out_dir}/${name}-protocol.c")

  add_custom_command(
    OUTPUT "${header}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${out_dir}"
    COMMAND "${PFHOST_WAYLAND_SCANNER}" ${lower_mode}-header "${xml_path}" "${header}"
    DEPENDS "${xml_path}"
    COMMENT "wayland-scanner ${lower_mode}-header ${name}"
    VERBATIM)
  target_sources(${target} PRIVATE "${header}")

  get_property(done TARGET ${target} PROPERTY PFHOST_WAYLAND_PROTOCOL_CODE)
  if(NOT "${code}" IN_LIST done)
    add_custom_command(
      OUTPUT "${code}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${out_dir}"
      COMMAND "${PFHOST_WAYLAND_SCANNER}" private-code "${xml_path}" "${code}"
      DEPENDS "${xml_path}"
      COMMENT "wayland-scanner private-code ${name}"
      VERBATIM)
    target_sources(${target} PRIVATE "${code}")
    set_source_files_properties("${code}" TARGET_DIRECTORY ${target} PROPERTIES COMPILE_OPTIONS -w)
    set_property(TARGET ${target} APPEND PROPERTY PFHOST_WAYLAND_PROTOCOL_CODE "${code}")
  endif()
  target_include_directories(${target} PRIVATE "${out_dir}")
endfunction()
