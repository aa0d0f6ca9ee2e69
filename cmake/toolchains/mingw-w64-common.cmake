# What both mingw-w64 toolchain files share. The posix-thread flavour of the compilers is the one
# with std::thread; libgcc, libstdc++ and winpthread are linked statically so the binaries run
# (under Windows or Wine) without any mingw DLL beside them.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR ${SPANTSP_MINGW_TRIPLET})

set(CMAKE_C_COMPILER ${SPANTSP_MINGW_TRIPLET}-gcc-posix)
set(CMAKE_CXX_COMPILER ${SPANTSP_MINGW_TRIPLET}-g++-posix)
set(CMAKE_RC_COMPILER ${SPANTSP_MINGW_TRIPLET}-windres)
set(CMAKE_OBJDUMP ${SPANTSP_MINGW_TRIPLET}-objdump)

# Libraries and headers only from the mingw sysroot: Linux's /usr/include must never leak in.
# Header-only Debian libraries are staged for the cross build by cmake/SpanTspWindowsDeps.cmake.
set(CMAKE_FIND_ROOT_PATH /usr/${SPANTSP_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static")
