# screencopy_bench: wlr-screencopy at 1920x1080, our capturer vs grim in the same run.
# Included from bench/CMakeLists.txt: built with the other benchmarks (PFHOST_BUILD_BENCH), not in
# the sanitizer builds, which do not run it.
if(TARGET pfhost-wlroots-impl)
  add_executable(screencopy_bench ${CMAKE_CURRENT_LIST_DIR}/screencopy_bench.cpp)
  target_link_libraries(screencopy_bench PRIVATE pfhost-wlroots-impl)
  pfhost_warnings(screencopy_bench)
  if(TARGET pfhost-test-pattern-client)
    add_dependencies(screencopy_bench pfhost-test-pattern-client)
  endif()
endif()
