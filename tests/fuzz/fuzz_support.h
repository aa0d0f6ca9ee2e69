#pragma once
// What the provider-level fuzz harnesses share: a private temporary folder for the provider's
// configuration (SPANTSP_CONFIG), and a verdict that ends the run as a crash, so libFuzzer keeps
// the input. Harness thread only.

#include <dlfcn.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace spantsp::fuzz {

// A fresh folder under $TMPDIR; the fuzzer's process owns it for its lifetime.
inline std::filesystem::path make_temp_dir(const char* tag) {
  std::string dir =
      (std::filesystem::temp_directory_path() / (std::string("spantsp_") + tag + ".XXXXXX"))
          .string();
  if (mkdtemp(dir.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  return dir;
}

// Copies `source` (a file of tests/fuzz/data) to `target` and points SPANTSP_CONFIG at it.
inline void use_config(const std::filesystem::path& source, const std::filesystem::path& target) {
  std::filesystem::copy_file(source, target, std::filesystem::copy_options::overwrite_existing);
  ::setenv("SPANTSP_CONFIG", target.c_str(), 1);
}

// Keeps a shared object loaded for the process's lifetime. libFuzzer registers a module's
// coverage counters when it is loaded and reads them after every input: a module unloaded in
// between (UiHost loads the UI DLL for each TUISPI call, as TAPI does) would leave it reading
// unmapped memory.
inline void pin_module(const std::string& path) {
  if (::dlopen(path.c_str(), RTLD_NOW | RTLD_NODELETE) == nullptr) {
    std::fprintf(stderr, "cannot load %s: %s\n", path.c_str(), ::dlerror());
    std::abort();
  }
}

[[noreturn]] inline void fail(const char* harness, const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", harness, what.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace spantsp::fuzz
