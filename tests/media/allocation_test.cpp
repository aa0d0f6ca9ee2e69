// DESIGN.md §3/§5: DSP state is allocated once, at construction; commands, resets and ticks
// allocate nothing. Counted with tools/tapihost's malloc interposer, so spandsp's own C
// allocations would show too.
#include <gtest/gtest.h>

#include "tests/media/media_loop.h"
#include "tools/tapihost/alloc_counter.h"

namespace spantsp::media::test {
namespace {

std::uint64_t allocations() {
  return host::allocation_count().provider + host::allocation_count().host;
}

TEST(Allocation, NoneInCommandsResetsOrTicks) {
  if (!host::allocation_counter_available()) GTEST_SKIP() << "sanitizers own the allocator";
  const std::uint64_t at_start = allocations();
  MediaLoop loop(Law::kAlaw, 30);
  EXPECT_GT(allocations(), at_start);  // the counter sees the slab allocated at construction
  for (std::size_t i = 0; i < 30; i += 2) loop.patch(i, i + 1);
  loop.run_ms(40);

  const std::uint64_t before = allocations();
  for (std::size_t i = 0; i < 30; i += 2) {
    loop.command(i + 1, detect_digits());
    loop.command(i + 1, monitor_tones({monitored({440}, 100), monitored({350, 440}, 100)}));
    loop.command(i + 1,
                 detect_media(kMediaFaxCng | kMediaFaxCed | kMediaModemAnswer | kMediaSpeech));
  }
  for (std::size_t i = 0; i < 30; i += 6) {
    loop.command(i, generate_digits("0123456789*#ABCD,1", 1));
    loop.command(i + 2, generate_tone({segment({440}, 300), segment({}, 200)}, true, 2000, 2));
    loop.command(i + 4, generate_signal(static_cast<Signal>((i / 6) % 4), 2000, 3));
  }
  loop.run_ms(3000);
  for (std::size_t i = 0; i < 30; ++i) loop.media().reset(i);
  loop.command(0, generate_signal(Signal::kSpeechLike, 500, 4));
  loop.command(1, detect_digits());
  loop.run_ms(600);
  const std::uint64_t after = allocations();

  EXPECT_EQ(after - before, 0u);
  EXPECT_GT(loop.events().size(), 30u);    // the DSP did run
  EXPECT_LT(loop.events().size(), 4096u);  // and the recorder never grew
}

}  // namespace
}  // namespace spantsp::media::test
