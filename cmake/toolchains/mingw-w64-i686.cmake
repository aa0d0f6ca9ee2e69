# Cross-build for 32-bit Windows with Debian's mingw-w64 (g++-mingw-w64-i686, posix threads):
# TSPIAPI is __stdcall there; the .def exports the undecorated names of tspi.h.
set(SPANTSP_MINGW_TRIPLET i686-w64-mingw32)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64-common.cmake)
