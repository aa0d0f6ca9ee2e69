# spantsp_load and spantsp_soak given bad arguments and values (issue 12 §5;
# cmake/SpanTspBadInput.cmake). Each is refused before a provider is loaded.
include(SpanTspBadInput)
set(missing ${CMAKE_CURRENT_BINARY_DIR}/no_such_file)

# load_case(NAME MATCH ARGS...)
function(load_case name match)
  spantsp_bad_input_test(load_${name} COMMAND $<TARGET_FILE:spantsp_load> ARGS ${ARGN}
    EXIT nonzero MATCH "${match}")
endfunction()
function(soak_case name match)
  spantsp_bad_input_test(soak_${name} COMMAND $<TARGET_FILE:spantsp_soak> ARGS ${ARGN}
    EXIT nonzero MATCH "${match}")
endfunction()

if(TARGET spantsp_load)
  load_case(no_limit "give --duration or --calls")
  load_case(unknown_option "--bogus" --calls 1 --bogus)
  load_case(rate_not_a_number "--rate.*fast" --calls 1 --rate fast)
  load_case(mix_not_a_number "--mix: 'x' is not a number" --calls 1 --mix 1,x)
  load_case(mix_all_zero "--mix: the shares add up to 0" --calls 1 --mix 0,0)
  load_case(workers_word "--workers: 'lots'" --calls 1 --workers lots)
  load_case(workers_huge "--workers" --calls 1 --workers 99999999999999999999)
  load_case(lines_zero "--lines" --calls 1 --lines 0)
  load_case(signalling_unknown "--signalling" --calls 1 --signalling cas)
  load_case(spin_negative "--spin-us" --calls 1 --spin-us -7)
  load_case(hold_negative "--hold" --calls 1 --hold -1)
  load_case(calls_not_a_number "--calls" --calls many)
  load_case(config_missing "--config.*no_such_file" --calls 1 --config ${missing})
  load_case(reference_unknown "--reference" --calls 1 --reference best)
endif()

if(TARGET spantsp_soak)
  soak_case(no_limit "give --duration or --calls")
  soak_case(unknown_option "--bogus" --duration 1 --bogus)
  soak_case(no_lines "--ideal-lines and --pri-lines are both 0" --duration 1 --ideal-lines 0
    --pri-lines 0)
  soak_case(faults_negative "--faults" --duration 1 --faults -1)
  soak_case(round_zero "--round" --duration 1 --round 0)
  soak_case(calls_not_a_number "--calls" --calls many)
  soak_case(duration_negative "--duration" --duration -5)
  soak_case(provider_missing "--provider.*no_such_file" --duration 1 --provider ${missing})
  soak_case(lines_too_many "--pri-lines" --duration 1 --pri-lines 100000)
endif()
