# Runs COMMAND with ARGS; passes when it exits with EXIT ("nonzero": any code but 0) and its
# output matches MATCH, and nothing in it looks like a crash (see SpanTspBadInput.cmake).
execute_process(COMMAND ${COMMAND} ${ARGS}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code TIMEOUT 50)
set(text "${out}${err}")
message(STATUS "exit ${code}:\n${text}")
if(EXIT STREQUAL "nonzero")
  if(code EQUAL 0 OR NOT code MATCHES "^[0-9]+$")
    message(FATAL_ERROR "expected a non-zero exit code, got '${code}'")
  endif()
elseif(NOT code STREQUAL EXIT)
  message(FATAL_ERROR "expected exit code ${EXIT}, got '${code}'")
endif()
if(NOT text MATCHES "${MATCH}")
  message(FATAL_ERROR "the output does not match '${MATCH}'")
endif()
if(text MATCHES "Sanitizer|runtime error|terminate called|Segmentation fault|Aborted|core dumped|what\\(\\)")
  message(FATAL_ERROR "the output looks like a crash")
endif()
