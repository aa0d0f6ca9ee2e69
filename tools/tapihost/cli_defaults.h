#pragma once
// What the host's command-line programs (tapihost, perf/spantsp_load) share: the provider they
// load unless told otherwise (the build tree's, from the SPANTSP_DEFAULT_PROVIDER definition of
// the including target) and their exit codes, so scripts tell a provider that fails to start
// from one that breaks the contract.

namespace spantsp::host {

#ifdef SPANTSP_DEFAULT_PROVIDER
inline constexpr const char* kDefaultProvider = SPANTSP_DEFAULT_PROVIDER;
#else
inline constexpr const char* kDefaultProvider = "";
#endif

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitProviderFailed = 2;
inline constexpr int kExitViolations = 3;

}  // namespace spantsp::host
