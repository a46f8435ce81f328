# screencopy_bench: wlr-screencopy at 1920x1080, our capturer vs grim in the same run.
# Included from bench/CMakeLists.txt (and from tests/wlroots when benchmarks are not configured).
if(TARGET pfhost-wlroots-impl AND NOT TARGET screencopy_bench)
  add_executable(screencopy_bench ${CMAKE_CURRENT_LIST_DIR}/screencopy_bench.cpp)
  target_link_libraries(screencopy_bench PRIVATE pfhost-wlroots-impl)
  pfhost_warnings(screencopy_bench)
  if(TARGET pfhost-test-pattern-client)
    add_dependencies(screencopy_bench pfhost-test-pattern-client)
  endif()
endif()
