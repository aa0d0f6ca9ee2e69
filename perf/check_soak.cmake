# soak tests: run the fault soak (spantsp_soak) for SECONDS and assert from its JSON report
# what issue 12 §4 asks: exit 0, 0 contract violations, 0 leaked call slots, resident memory
# within the allowed growth (spantsp_soak checks it and exits 5 otherwise), calls finished, and
# every fault type injected at least once.
# RSS_MIB (optional) is the allowed growth of resident memory after warm-up (spantsp_soak's
# --rss-growth-mib, default 64).
# cmake -DSOAK=<spantsp_soak> -DSECONDS=<n> -DREPORT=<json> [-DRSS_MIB=<n>] -P check_soak.cmake

foreach(var SOAK SECONDS REPORT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_soak.cmake: -D${var}=... is required")
  endif()
endforeach()

if(NOT DEFINED RSS_MIB)
  set(RSS_MIB 64)
endif()
file(REMOVE ${REPORT})
execute_process(
  COMMAND ${SOAK} --duration ${SECONDS} --round 10 --restart-every 3 --faults 20 --rss-growth-mib ${RSS_MIB} --quiet
          --json ${REPORT}
  OUTPUT_VARIABLE summary
  ERROR_VARIABLE errors
  RESULT_VARIABLE exit_code)
message(STATUS "${summary}")
if(NOT exit_code EQUAL 0)
  message(FATAL_ERROR "spantsp_soak exited with ${exit_code}\n${errors}")
endif()
file(READ ${REPORT} report)

set(problems "")
string(JSON violations GET "${report}" invariants contract_violations)
string(JSON leaked GET "${report}" invariants leaked_call_slots)
string(JSON finished GET "${report}" calls finished)
string(JSON restarts GET "${report}" provider_restarts)
if(NOT violations EQUAL 0)
  string(APPEND problems "contract violations = ${violations}\n")
endif()
if(NOT leaked EQUAL 0)
  string(APPEND problems "leaked call slots = ${leaked}\n")
endif()
if(finished LESS 1000)
  string(APPEND problems "only ${finished} calls finished\n")
endif()
if(restarts LESS 1)
  string(APPEND problems "the provider was never restarted\n")
endif()
string(JSON kinds LENGTH "${report}" faults)
math(EXPR last "${kinds} - 1")
foreach(i RANGE ${last})
  string(JSON kind MEMBER "${report}" faults ${i})
  string(JSON injected GET "${report}" faults ${kind} injected)
  if(injected EQUAL 0)
    string(APPEND problems "fault ${kind} never injected\n")
  endif()
endforeach()
if(problems)
  message(FATAL_ERROR "soak:\n${problems}\n${report}")
endif()
