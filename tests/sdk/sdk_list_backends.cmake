# cmake -DPFHOST_EXE=<pfhost or empty> -DWORK_DIR=<scratch> [-DEMULATOR=<wine>] [-DSUFFIX=.dll]
#       [-DDIRS=<dir;dir>] -P sdk_list_backends.cmake
#
# The host lists the example plugins that sdk_install.cmake (installed with pfhost_install_plugin)
# and sdk_pkgconfig.cmake built, and their test-pattern backend probes OK.
if(NOT PFHOST_EXE)
  message("SKIPPED: the pfhost target does not exist in this build")
  return()
endif()

# Checks the listing's row for plugin "minimal": {"status": "ok", "plugin": {"name": ...},
# "backends": [{"name": "test-pattern", "status": "ok", "usable": true, ...}]}.
function(check_listing json)
  string(JSON count LENGTH "${json}" plugins)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    if(count GREATER 0)
      string(JSON name ERROR_VARIABLE no_name GET "${json}" plugins ${i} plugin name)
      if(NOT no_name AND name STREQUAL "minimal")
        string(JSON row GET "${json}" plugins ${i})
      endif()
    endif()
  endforeach()
  if(NOT row)
    message(FATAL_ERROR "plugin 'minimal' missing from the listing:\n${json}")
  endif()
  string(JSON plugin_status GET "${row}" status)
  string(JSON backend_name GET "${row}" backends 0 name)
  string(JSON backend_status GET "${row}" backends 0 status)
  string(JSON usable GET "${row}" backends 0 usable)
  if(NOT plugin_status STREQUAL "ok" OR NOT backend_name STREQUAL "test-pattern"
     OR NOT backend_status STREQUAL "ok" OR NOT usable)
    message(FATAL_ERROR "expected plugin ok, backend test-pattern ok and usable:\n${row}")
  endif()
endfunction()

if(NOT SUFFIX)
  set(SUFFIX .so)
endif()
if(NOT DIRS)
  set(DIRS "${WORK_DIR}/plugins/lib/pfhost/plugins" "${WORK_DIR}/plugins-pkgconfig")
endif()
foreach(dir IN LISTS DIRS)
  if(NOT EXISTS "${dir}/pfhost-minimal${SUFFIX}")
    message(FATAL_ERROR "${dir}/pfhost-minimal${SUFFIX} is missing (run the sdk.install test first)")
  endif()
  # Only this directory (no config dirs, no PFHOST_PLUGIN_PATH), and a fresh descriptor cache.
  set(config "${WORK_DIR}/host.toml")
  file(WRITE "${config}" "[host]\nplugin_dirs = []\ncache_dir = \"${WORK_DIR}/cache\"\n")
  file(REMOVE_RECURSE "${WORK_DIR}/cache")
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -E env --unset=PFHOST_PLUGIN_PATH
            ${EMULATOR} "${PFHOST_EXE}" --list-backends --json --plugin-dir "${dir}" --config "${config}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE json ERROR_VARIABLE log)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pfhost --list-backends failed (${rc}):\n${log}\n${json}")
  endif()
  check_listing("${json}")
  message(STATUS "test-pattern probed ok from ${dir}")
endforeach()
