# How the project's own plugins are laid out: everything but the entry point in a static "impl"
# library (the tests and benchmarks link it too), and the plugin itself built from
# src/plugin_entry.cpp with the SDK's pfhost_add_plugin(), linked against that library.

# pfhost_plugin_impl_library(<target> SOURCES <files...>)
# A static library of a plugin's code: position-independent (it ends up in a shared object), hidden
# visibility (only the plugin's entry point is exported), src/ as its include directory, and the
# project's warnings.
function(pfhost_plugin_impl_library target)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(${target} STATIC ${ARG_SOURCES})
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/src)
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  pfhost_warnings(${target})
endfunction()

# pfhost_add_in_tree_plugin(<name> IMPL <impl-target>)
# pfhost-<name>.so from src/plugin_entry.cpp + the impl library, installed with the host.
function(pfhost_add_in_tree_plugin name)
  cmake_parse_arguments(ARG "" "IMPL" "" ${ARGN})
  pfhost_add_plugin(${name} SOURCES src/plugin_entry.cpp)
  target_link_libraries(${name} PRIVATE ${ARG_IMPL})
  pfhost_warnings(${name})
  pfhost_install_plugin(${name})
endfunction()
