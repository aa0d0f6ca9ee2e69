#pragma once
// Which code the current thread is running — the host's (and its application's) or the
// provider's — so a process-wide allocation hook can charge each heap allocation to the right
// side (the perf suite's "allocations per call" counts the provider's only).
//
// Threads start out as provider code (the provider's workers and dispatcher are). The host
// marks its own threads and callbacks with HostCodeScope, and every down-call into the
// provider with ProviderCodeScope. Thread-local: no synchronisation.

namespace spantsp::host {

bool in_host_code();

class HostCodeScope {
 public:
  HostCodeScope();
  ~HostCodeScope();
  HostCodeScope(const HostCodeScope&) = delete;
  HostCodeScope& operator=(const HostCodeScope&) = delete;

 private:
  bool previous_;
};

class ProviderCodeScope {
 public:
  ProviderCodeScope();
  ~ProviderCodeScope();
  ProviderCodeScope(const ProviderCodeScope&) = delete;
  ProviderCodeScope& operator=(const ProviderCodeScope&) = delete;

 private:
  bool previous_;
};

}  // namespace spantsp::host
