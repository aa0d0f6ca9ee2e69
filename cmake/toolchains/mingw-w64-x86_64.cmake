# Cross-build for 64-bit Windows with Debian's mingw-w64 (g++-mingw-w64-x86-64, posix threads).
# Used by the `windows-x64` preset; tools/run-tests runs the result under wine64.
set(SPANTSP_MINGW_TRIPLET x86_64-w64-mingw32)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64-common.cmake)
