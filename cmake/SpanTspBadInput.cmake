# spantsp_bad_input_test(NAME COMMAND <exe> [ARGS a b ...] EXIT <code|nonzero> MATCH <regex>)
# Issue 12 §5: a tool given a bad argument, value or file ends with a clear error naming it and a
# non-zero exit, never a crash or a silent default. The test runs the command (cmake/check_bad_
# input.cmake) and checks the exit code, that stdout+stderr match MATCH, and that nothing in them
# looks like a crash or a sanitizer report. Label: cli.
function(spantsp_bad_input_test name)
  cmake_parse_arguments(T "" "COMMAND;EXIT;MATCH" "ARGS" ${ARGN})
  add_test(NAME cli_bad_input_${name}
    COMMAND ${CMAKE_COMMAND} "-DCOMMAND=${T_COMMAND}" "-DARGS=${T_ARGS}" "-DEXIT=${T_EXIT}"
            "-DMATCH=${T_MATCH}" -P ${PROJECT_SOURCE_DIR}/cmake/check_bad_input.cmake)
  set_tests_properties(cli_bad_input_${name} PROPERTIES LABELS cli TIMEOUT 60)
endfunction()
