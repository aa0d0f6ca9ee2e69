# The `fuzz` preset (issue 12 §3): clang-14 with ASan + UBSan and libFuzzer's coverage on every
# object (-fsanitize=fuzzer-no-link in the preset's compile flags); only the fuzz executables
# link libFuzzer's main. The sanitizer runtime is the static one, in the executables
# (-static-libsan in the preset's linker flags, after the compile flags' -shared-libsan; the
# shared runtime cannot come first in a libFuzzer executable's library list, which ASan
# requires). The provider, the UI DLL and the PRI module are shared objects that the
# executables load: their sanitizer symbols resolve against the executable, so they link
# without --no-undefined in this build (tests/fuzz/CMakeLists.txt drops it).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "SPANTSP_BUILD_FUZZ needs clang (libFuzzer): use the `fuzz` preset")
endif()
