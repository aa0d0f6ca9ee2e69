# The `fuzz` preset (issue 12 §3): clang-14 with ASan + UBSan and libFuzzer's coverage on every
# object (-fsanitize=fuzzer-no-link from the preset's flags); only the fuzz executables link
# libFuzzer's main. The provider and its modules are shared objects, so the sanitizer runtime is
# the shared one (-shared-libsan, in the preset) and every binary finds it by rpath: the
# provider links with --no-undefined and clang puts the static runtime in executables only.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "SPANTSP_BUILD_FUZZ needs clang (libFuzzer): use the `fuzz` preset")
endif()
execute_process(
  COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libclang_rt.asan-x86_64.so
  OUTPUT_VARIABLE spantsp_asan_runtime OUTPUT_STRIP_TRAILING_WHITESPACE)
get_filename_component(spantsp_sanitizer_dir "${spantsp_asan_runtime}" DIRECTORY)
if(NOT EXISTS "${spantsp_asan_runtime}")
  message(FATAL_ERROR "fuzz: clang's shared ASan runtime not found (libclang-rt-14-dev)")
endif()
add_link_options(-Wl,-rpath,${spantsp_sanitizer_dir})
