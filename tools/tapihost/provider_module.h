#pragma once
// ProviderModule: one loaded TSP (the .tsp shared object) and the table of its TSPI_* exports.
//
// Thread affinity: load() and destruction on one thread (the Host's owner); the export table
// is immutable after load() and may be read from any thread. The module stays loaded for the
// object's lifetime, which may span several providerInit/providerShutdown cycles
// (tspi-contract §1.2: "several Init/Shutdown cycles may occur in one DLL load").

#include <memory>
#include <string>

#include "tools/tapihost/tspi_exports.h"
#include "tspi/abi/tspi_abi.h"
#include "tspi/abi/tspi_functions.h"

namespace spantsp::host {

// Typed pointers to every TSPI_* export, named as the exports. A missing export stays null:
// TAPISRV then answers LINEERR_OPERATIONUNAVAIL itself (tspi-contract §6).
struct TspiTable {
#define SPANTSP_TSPI_TABLE_MEMBER(name, kind) decltype(&::name) name = nullptr;
  SPANTSP_TSPI_EXPORTS(SPANTSP_TSPI_TABLE_MEMBER)
#undef SPANTSP_TSPI_TABLE_MEMBER
};

class ProviderModule {
 public:
  // Load the library (platform/module.h: dlopen or LoadLibrary) and resolve every TSPI_*
  // export by name. Returns null and sets `error` (with the OS's text) when it cannot be loaded.
  static std::unique_ptr<ProviderModule> load(const std::string& path, std::string& error);

  ProviderModule(const ProviderModule&) = delete;
  ProviderModule& operator=(const ProviderModule&) = delete;
  ~ProviderModule();  // unloads

  const TspiTable& tspi() const { return table_; }
  const std::string& path() const { return path_; }
  // Number of TSPI_* exports found.
  int export_count() const { return export_count_; }
  // Address of an arbitrary symbol (tests use it for hooks of fake providers); null if absent.
  void* symbol(const char* name) const;

 private:
  ProviderModule(void* handle, std::string path);

  void* handle_ = nullptr;
  std::string path_;
  TspiTable table_;
  int export_count_ = 0;
};

}  // namespace spantsp::host
