# perf-smoke: run the load tool (spantsp_load) for CALLS calls as fast as the lines free up and
# assert, from its JSON report, correctness only: no contract violations, every call completed,
# none failed, and (ZERO_ALLOCS=ON) no provider heap allocation per call in the steady window
# after the warm-up second (DESIGN.md §3 "Pools"). Never a rate: this VM's rates move.
# cmake -DLOAD=<spantsp_load> -DARGS="--lines;96" -DCALLS=<n> -DREPORT=<json> [-DZERO_ALLOCS=ON]
#       -P check_smoke.cmake

foreach(var LOAD ARGS CALLS REPORT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_smoke.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE ${REPORT})
execute_process(
  COMMAND ${LOAD} ${ARGS} --calls ${CALLS} --rate max --hold 0 --warmup 1 --reference none
          --quiet --json ${REPORT}
  OUTPUT_VARIABLE summary
  ERROR_VARIABLE errors
  RESULT_VARIABLE exit_code)

message(STATUS "spantsp_load:\n${summary}")
if(NOT exit_code EQUAL 0)
  message(FATAL_ERROR "spantsp_load exited with ${exit_code}\n${errors}")
endif()
if(NOT EXISTS ${REPORT})
  message(FATAL_ERROR "no JSON report from spantsp_load\n${errors}")
endif()
file(READ ${REPORT} report)

string(JSON violations GET "${report}" violations)
string(JSON completed GET "${report}" totals completed)
string(JSON failed GET "${report}" totals failed)
string(JSON whole_run GET "${report}" steady whole_run)
# Present only when the allocation counter is available (not under sanitizers).
string(JSON allocs ERROR_VARIABLE allocs_error GET "${report}" steady provider_allocations_per_call)

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
if(ZERO_ALLOCS)
  if(allocs_error)
    string(APPEND problems "provider_allocations_per_call missing from the report (allocation "
                           "counter unavailable in this build)\n")
  elseif(whole_run)
    string(APPEND problems "the run ended inside its warm-up second: raise CALLS so the "
                           "allocation count covers the steady state only\n")
  elseif(NOT allocs EQUAL 0)
    string(APPEND problems "provider_allocations_per_call = ${allocs}, expected 0\n")
  endif()
endif()
if(problems)
  message(FATAL_ERROR "perf smoke failed:\n${problems}")
endif()
message(STATUS "perf smoke: ${completed} calls, 0 failed, 0 violations, allocations per call: ${allocs}")
