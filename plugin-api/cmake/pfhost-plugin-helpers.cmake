# pfhost_add_plugin(<target> [OUTPUT_DIRECTORY <dir>] SOURCES <src>...)
#
# Builds a pfhost plugin: a MODULE library named "pfhost-<target>.so" whose only exported dynamic
# symbol is pfhost_plugin_entry (hidden visibility + a linker version script), linked against the
# plugin API headers. Used by the host's own plugins and installed for vendors.
set(_PFHOST_PLUGIN_HELPERS_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(pfhost_add_plugin target)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES} ${ARG_UNPARSED_ARGUMENTS})
  if(TARGET pfhost::plugin-api)
    target_link_libraries(${target} PRIVATE pfhost::plugin-api)
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "pfhost-${target}"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  elseif(DEFINED PFHOST_PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${PFHOST_PLUGIN_OUTPUT_DIRECTORY}")
  endif()
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    # Visibility alone leaves symbols of static libraries linked in; the version script makes
    # pfhost_plugin_entry the single export whatever the plugin links.
    target_link_options(${target} PRIVATE
      "LINKER:--version-script=${_PFHOST_PLUGIN_HELPERS_DIR}/pfhost-plugin.map"
      "LINKER:--no-undefined")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS
      "${_PFHOST_PLUGIN_HELPERS_DIR}/pfhost-plugin.map")
  endif()
endfunction()
