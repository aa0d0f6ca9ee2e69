# perf-smoke: run `tapihost run` for CALLS calls as fast as possible and assert, from its JSON
# report, correctness only: no contract violations, every call completed, none failed, and no
# provider heap allocation per call in steady state (DESIGN.md §3 "Pools").
# cmake -DTAPIHOST=<exe> -DCONFIG=<toml> -DCALLS=<n> -P check_smoke.cmake

foreach(var TAPIHOST CONFIG CALLS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_smoke.cmake: -D${var}=... is required")
  endif()
endforeach()

execute_process(
  COMMAND ${TAPIHOST} run --config ${CONFIG} --max-calls ${CALLS} --outbound-rate max --hold 0
          --dial 99005550000-99005559999 --quiet --json
  OUTPUT_VARIABLE report
  ERROR_VARIABLE errors
  RESULT_VARIABLE exit_code)

message(STATUS "tapihost report:\n${report}")
if(NOT exit_code EQUAL 0)
  message(FATAL_ERROR "tapihost run exited with ${exit_code}\n${errors}")
endif()

string(JSON violations ERROR_VARIABLE json_error GET "${report}" violations)
if(json_error)
  message(FATAL_ERROR "no JSON report from tapihost: ${json_error}\n${errors}")
endif()
string(JSON completed GET "${report}" completed)
string(JSON failed GET "${report}" failed)
# Present only when tapihost's allocation counter is available (not under sanitizers).
string(JSON allocs ERROR_VARIABLE allocs_error GET "${report}" provider_allocations_per_call)

set(problems "")
if(NOT violations EQUAL 0)
  string(APPEND problems "violations = ${violations}, expected 0\n")
endif()
if(NOT completed EQUAL CALLS)
  string(APPEND problems "completed = ${completed}, expected ${CALLS}\n")
endif()
if(NOT failed EQUAL 0)
  string(APPEND problems "failed = ${failed}, expected 0\n")
endif()
if(allocs_error)
  string(APPEND problems "provider_allocations_per_call missing from the report (allocation "
                         "counter unavailable in this build)\n")
elseif(NOT allocs EQUAL 0)
  string(APPEND problems "provider_allocations_per_call = ${allocs}, expected 0\n")
endif()
if(problems)
  message(FATAL_ERROR "perf smoke failed:\n${problems}")
endif()
message(STATUS "perf smoke: ${completed} calls, 0 failed, 0 violations, ${allocs} allocations per call")
