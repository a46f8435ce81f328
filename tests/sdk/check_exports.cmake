# pfhost_check_exports(<file>): fails unless pfhost_plugin_entry is the only dynamic symbol <file>
# defines. Anything else exported can clash with the host's or another plugin's symbols (two
# plugins with different static copies of one library), which is why the SDK hides it all.
function(pfhost_check_exports file)
  execute_process(COMMAND nm -D --defined-only "${file}"
                  OUTPUT_VARIABLE listing ERROR_VARIABLE error RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "nm -D failed on ${file}: ${error}")
  endif()
  string(REPLACE "\n" ";" lines "${listing}")
  set(symbols "")
  foreach(line IN LISTS lines)
    if(line MATCHES "([^ \t@]+)(@.*)?$")
      list(APPEND symbols "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  if(NOT symbols STREQUAL "pfhost_plugin_entry")
    message(FATAL_ERROR "${file} must export only pfhost_plugin_entry; nm -D --defined-only:\n"
                        "${listing}")
  endif()
  message(STATUS "exports only pfhost_plugin_entry: ${file}")
endfunction()
