# Third-party code for the mingw-w64 cross build (the `windows-x64` / `windows-x86` presets).
# Debian has no mingw packages of these, so:
#   - header-only libraries (toml++, CLI11, nlohmann-json, moodycamel ConcurrentQueue) are used
#     from their Debian -dev packages: only their own folders are staged into the build tree's
#     include directory, never Linux's /usr/include as a whole;
#   - cpp-httplib (the UI DLL's server) is Debian's source package cpp-httplib 0.11.4+ds-1+deb12u1,
#     fetched from deb.debian.org into the build tree, checked against the .dsc's SHA-256 sums and
#     patched with Debian's own patches; its single header is header-only upstream;
#   - GoogleTest is built from libgtest-dev's sources in /usr/src/googletest.
# Left out (no mingw build): libpri (the PRI module), spandsp and oneTBB (the media library).
# README "Windows" lists what this means for the Windows provider.

set(deps_dir ${CMAKE_BINARY_DIR}/_deps)
set(deps_include ${deps_dir}/include)
file(MAKE_DIRECTORY ${deps_include})

function(spantsp_stage_headers name)
  if(NOT EXISTS /usr/include/${name})
    message(FATAL_ERROR "/usr/include/${name} is missing: run tools/bootstrap")
  endif()
  file(CREATE_LINK /usr/include/${name} ${deps_include}/${name} SYMBOLIC)
endfunction()

foreach(dir toml++ CLI nlohmann concurrentqueue)
  spantsp_stage_headers(${dir})
endforeach()
# Found as on Linux, where they sit in the compiler's default path (moodycamel has no target).
include_directories(SYSTEM ${deps_include})

function(spantsp_header_library target)
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${deps_include}
    INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${deps_include})
endfunction()
spantsp_header_library(tomlplusplus::tomlplusplus)
# Debian's toml++ package is a compiled library; here its header compiles its own code.
set_property(TARGET tomlplusplus::tomlplusplus PROPERTY INTERFACE_COMPILE_DEFINITIONS
  TOML_HEADER_ONLY=1)
spantsp_header_library(CLI11::CLI11)
spantsp_header_library(nlohmann_json::nlohmann_json)
# The host-side ABI checks (tests/tspi/abi) and perf/ are not part of the Windows build.

# ---- cpp-httplib from Debian's source package ----
set(httplib_version 0.11.4+ds)
set(httplib_debian_revision 1+deb12u1)
set(httplib_pool http://deb.debian.org/debian/pool/main/c/cpp-httplib)
set(httplib_orig cpp-httplib_${httplib_version}.orig.tar.xz)
set(httplib_debian cpp-httplib_${httplib_version}-${httplib_debian_revision}.debian.tar.xz)
set(httplib_src ${deps_dir}/cpp-httplib)
if(NOT EXISTS ${httplib_src}/httplib.h)
  # The sums are the Checksums-Sha256 of cpp-httplib_0.11.4+ds-1+deb12u1.dsc.
  file(DOWNLOAD ${httplib_pool}/${httplib_orig} ${deps_dir}/${httplib_orig}
    EXPECTED_HASH SHA256=8b1a5df569003b6a4f24c68489bbda5c64aec94697bdc9ebba5d79408b2ae7eb)
  file(DOWNLOAD ${httplib_pool}/${httplib_debian} ${deps_dir}/${httplib_debian}
    EXPECTED_HASH SHA256=a0adf8a38610806f6d94ba69839438635e5e6580775e28ff31d6a081e34f1484)
  file(REMOVE_RECURSE ${deps_dir}/httplib-unpack)
  file(ARCHIVE_EXTRACT INPUT ${deps_dir}/${httplib_orig} DESTINATION ${deps_dir}/httplib-unpack)
  file(ARCHIVE_EXTRACT INPUT ${deps_dir}/${httplib_debian} DESTINATION ${deps_dir}/httplib-unpack)
  file(GLOB upstream_dir LIST_DIRECTORIES true ${deps_dir}/httplib-unpack/yhirose-cpp-httplib-*)
  file(STRINGS ${deps_dir}/httplib-unpack/debian/patches/series patches REGEX "^[^#]")
  foreach(patch_name IN LISTS patches)
    execute_process(
      COMMAND patch -p1 --quiet -i ${deps_dir}/httplib-unpack/debian/patches/${patch_name}
      WORKING_DIRECTORY ${upstream_dir} RESULT_VARIABLE patch_result)
    if(NOT patch_result EQUAL 0)
      message(FATAL_ERROR "cpp-httplib: Debian patch ${patch_name} does not apply")
    endif()
  endforeach()
  file(MAKE_DIRECTORY ${httplib_src})
  file(COPY ${upstream_dir}/httplib.h ${upstream_dir}/LICENSE DESTINATION ${httplib_src})
  file(REMOVE_RECURSE ${deps_dir}/httplib-unpack)
endif()
add_library(spantsp::httplib INTERFACE IMPORTED GLOBAL)
set_target_properties(spantsp::httplib PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES ${httplib_src}
  INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${httplib_src}
  INTERFACE_LINK_LIBRARIES ws2_32)

# ---- GoogleTest from libgtest-dev's sources ----
if(SPANTSP_BUILD_TESTS)
  if(NOT EXISTS /usr/src/googletest/CMakeLists.txt)
    message(FATAL_ERROR "/usr/src/googletest is missing: run tools/bootstrap (libgtest-dev)")
  endif()
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  add_subdirectory(/usr/src/googletest ${deps_dir}/googletest EXCLUDE_FROM_ALL SYSTEM)
  foreach(t gtest gmock gtest_main)
    if(NOT TARGET GTest::${t})
      add_library(GTest::${t} ALIAS ${t})
    endif()
  endforeach()
endif()
