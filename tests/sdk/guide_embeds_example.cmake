# cmake -DSOURCE_DIR=<pfhost source> -P guide_embeds_example.cmake
# docs/plugin-author-guide.md quotes examples/minimal-plugin in full; fail when they drift apart,
# so the code vendors copy from the guide is the code the SDK tests build and run.
file(READ "${SOURCE_DIR}/docs/plugin-author-guide.md" guide)
foreach(file CMakeLists.txt test_pattern.cpp)
  file(READ "${SOURCE_DIR}/examples/minimal-plugin/${file}" source)
  string(FIND "${guide}" "${source}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "docs/plugin-author-guide.md no longer quotes "
                        "examples/minimal-plugin/${file} verbatim; paste the current file in")
  endif()
endforeach()
