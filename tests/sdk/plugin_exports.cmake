# cmake -DPLUGIN_DIRS=<dir;dir...> -P plugin_exports.cmake
# Checks that every plugin built into the given directories exports only pfhost_plugin_entry.
include("${CMAKE_CURRENT_LIST_DIR}/check_exports.cmake")

set(count 0)
foreach(dir IN LISTS PLUGIN_DIRS)
  file(GLOB plugins "${dir}/*.so" "${dir}/*.dll")
  foreach(plugin IN LISTS plugins)
    pfhost_check_exports("${plugin}")
    math(EXPR count "${count} + 1")
  endforeach()
endforeach()
if(count EQUAL 0)
  message("SKIPPED: no plugin built yet in ${PLUGIN_DIRS}")
else()
  message(STATUS "${count} plugins checked")
endif()
