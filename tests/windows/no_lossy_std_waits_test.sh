#!/usr/bin/env bash
# The sources the Windows build compiles include none of <semaphore>, <latch>, <barrier>: outside
# Linux libstdc++ 12 waits for them through a pool that can lose a wake-up for good (README,
# "Portable code"; a binary_semaphore hung contract_concurrent_callers_test under Wine).
#   no_lossy_std_waits_test.sh SOURCE_DIR DIR...
set -uo pipefail
root=$1
shift
found=$(cd "$root" && grep -rnE '#include <(semaphore|latch|barrier)>' --include='*.h' --include='*.cpp' "$@")
if [ -n "$found" ]; then
  echo "$found"
  echo "FAIL: use platform/futex.h (engine) or tests/contract/thread_handoff.h (tests) instead"
  exit 1
fi
echo "no lossy std waits"
