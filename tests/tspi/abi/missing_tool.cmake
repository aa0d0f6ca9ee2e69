# Stands in for an ABI check whose tools are not installed: a missing cross compiler must fail
# the test, never skip it silently. Invoked as `cmake -DMESSAGE=... -P missing_tool.cmake`.
message(FATAL_ERROR "${MESSAGE}")
