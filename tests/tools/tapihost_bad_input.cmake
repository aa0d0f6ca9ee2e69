# tapihost given bad arguments, values and files (issue 12 §5; cmake/SpanTspBadInput.cmake).
include(SpanTspBadInput)
set(data ${PROJECT_SOURCE_DIR}/tests/config/data)
set(tapihost $<TARGET_FILE:tapihost>)
spantsp_bad_input_test(tapihost_no_subcommand COMMAND ${tapihost}
  EXIT nonzero MATCH "subcommand is required")
spantsp_bad_input_test(tapihost_unknown_subcommand COMMAND ${tapihost} ARGS dance
  EXIT 1 MATCH "unknown command 'dance'")
spantsp_bad_input_test(tapihost_unknown_option COMMAND ${tapihost} ARGS run --bogus 1
  EXIT nonzero MATCH "--bogus")
spantsp_bad_input_test(tapihost_missing_value COMMAND ${tapihost} ARGS lines --config
  EXIT nonzero MATCH "--config")
spantsp_bad_input_test(tapihost_rate_not_a_number COMMAND ${tapihost} ARGS run --outbound-rate fast
  EXIT nonzero MATCH "--outbound-rate.*fast")
spantsp_bad_input_test(tapihost_rate_negative COMMAND ${tapihost} ARGS run --outbound-rate -2
  EXIT nonzero MATCH "--outbound-rate")
spantsp_bad_input_test(tapihost_dial_malformed COMMAND ${tapihost} ARGS run --dial 555-12x
  EXIT nonzero MATCH "--dial.*555-12x")
spantsp_bad_input_test(tapihost_dial_backwards COMMAND ${tapihost} ARGS run --dial 5559-5550
  EXIT nonzero MATCH "--dial.*LAST is below FIRST")
spantsp_bad_input_test(tapihost_duration_negative COMMAND ${tapihost} ARGS run --duration -3
  EXIT nonzero MATCH "--duration")
spantsp_bad_input_test(tapihost_hold_not_a_number COMMAND ${tapihost} ARGS run --hold long
  EXIT nonzero MATCH "--hold")
spantsp_bad_input_test(tapihost_max_calls_negative COMMAND ${tapihost} ARGS run --max-calls -5
  EXIT nonzero MATCH "--max-calls: '-5' is not a number >= 0")
spantsp_bad_input_test(tapihost_seed_not_a_number COMMAND ${tapihost} ARGS run --seed x
  EXIT nonzero MATCH "--seed")
spantsp_bad_input_test(tapihost_provider_id_negative COMMAND ${tapihost}
  ARGS lines --permanent-provider-id -1 EXIT nonzero MATCH "--permanent-provider-id")
spantsp_bad_input_test(tapihost_config_missing COMMAND ${tapihost}
  ARGS lines --config ${data}/no_such_file.toml EXIT nonzero MATCH "--config.*no_such_file")
spantsp_bad_input_test(tapihost_config_is_a_folder COMMAND ${tapihost} ARGS lines --config ${data}
  EXIT nonzero MATCH "--config.*directory")
# A file that exists but is not a valid configuration: the provider refuses to start and says
# where (file:line:column), tapihost exits 2.
spantsp_bad_input_test(tapihost_config_malformed COMMAND ${tapihost}
  ARGS lines --config ${data}/syntax_error.toml EXIT 2
  MATCH "syntax_error.toml:[0-9]+:[0-9]+.*LINEERR_INIFILECORRUPT")
spantsp_bad_input_test(tapihost_provider_missing COMMAND ${tapihost}
  ARGS lines --provider ${data}/no_such.tsp EXIT 2 MATCH "no_such.tsp")
spantsp_bad_input_test(tapihost_line_config_device_not_a_number COMMAND ${tapihost}
  ARGS line-config first EXIT nonzero MATCH "device")
spantsp_bad_input_test(tapihost_monitor_rate_negative COMMAND ${tapihost}
  ARGS monitor --outbound-rate -1 EXIT nonzero MATCH "--outbound-rate")
