# CMake helpers for building pfhost plugins. The same file serves the host's own plugins (included
# from the source tree) and vendors (installed with the SDK, loaded by find_package(pfhost-plugin)),
# so in-tree plugins are built exactly the way vendors build theirs.
#
# pfhost_add_plugin(<target> [OUTPUT_DIRECTORY <dir>] SOURCES <src>...)
#   Builds a MODULE library "pfhost-<target>.so" linked against pfhost::plugin-api whose only
#   exported dynamic symbol is pfhost_plugin_entry (hidden visibility + a linker version script).
#   OUTPUT_DIRECTORY defaults to ${PFHOST_PLUGIN_OUTPUT_DIRECTORY} when that is set (the host's
#   build sets it to <build>/lib/pfhost/plugins), else CMake's usual library output directory.
#
# pfhost_install_plugin(<target> [DESTINATION <dir>] [COMPONENT <name>])
#   Installs a plugin into the directory pfhost scans by default:
#   DESTINATION defaults to ${CMAKE_INSTALL_LIBDIR}/pfhost/plugins, COMPONENT to "plugins".
include_guard(GLOBAL)
include(GNUInstallDirs)

# Resolved now, while CMAKE_CURRENT_LIST_DIR is this file's folder: the version script lies beside
# it both in plugin-api/cmake/ and in the installed <libdir>/cmake/pfhost-plugin/.
set(_PFHOST_PLUGIN_HELPERS_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(pfhost_add_plugin target)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  # pfhost::plugin-api is an ALIAS of an INTERFACE target in-tree and an IMPORTED target from the
  # installed package; either way it must exist by the time a plugin is declared.
  if(NOT TARGET pfhost::plugin-api)
    message(FATAL_ERROR "pfhost_add_plugin(${target}): no target pfhost::plugin-api; "
                        "call find_package(pfhost-plugin 1.0 REQUIRED) first")
  endif()
  add_library(${target} MODULE ${ARG_SOURCES} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${target} PRIVATE pfhost::plugin-api)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "pfhost-${target}"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  elseif(DEFINED PFHOST_PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY "${PFHOST_PLUGIN_OUTPUT_DIRECTORY}")
  endif()
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    # Visibility alone leaves symbols of static libraries linked in; the version script makes
    # pfhost_plugin_entry the single export whatever the plugin links. --no-undefined turns a
    # missing library into a link error instead of a plugin that fails to dlopen at run time.
    target_link_options(${target} PRIVATE
      "LINKER:--version-script=${_PFHOST_PLUGIN_HELPERS_DIR}/pfhost-plugin.map"
      "LINKER:--no-undefined")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS
      "${_PFHOST_PLUGIN_HELPERS_DIR}/pfhost-plugin.map")
  endif()
endfunction()

function(pfhost_install_plugin target)
  cmake_parse_arguments(ARG "" "DESTINATION;COMPONENT" "" ${ARGN})
  if(NOT ARG_DESTINATION)
    set(ARG_DESTINATION "${CMAKE_INSTALL_LIBDIR}/pfhost/plugins")
  endif()
  if(NOT ARG_COMPONENT)
    set(ARG_COMPONENT plugins)
  endif()
  # A plugin is a MODULE: it installs as a LIBRARY artifact, with no soname links or import lib.
  install(TARGETS ${target} LIBRARY DESTINATION "${ARG_DESTINATION}" COMPONENT "${ARG_COMPONENT}")
endfunction()
