#pragma once
// Integer lists as T1/E1 users write them in chan_dahdi.conf and system.conf ("1-15,17-31"):
// used for `channels =` and for the sim's ANI/DNIS ranges. Syntax only; which numbers a span
// may use is config_validation's business.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_model.h"

namespace spantsp::config {

// Numbers in a channel list stop here: no span has more bearers, and it caps how much memory
// a typo like "1-99999999" can make the expansion take.
inline constexpr int kMaxListedChannel = 9999;

struct ChannelListParse {
  std::vector<int> channels;  // expanded, in the order written; duplicates kept for validation
  std::string error;          // empty on success; says what is wrong and what is expected
  bool ok() const { return error.empty(); }
};

// "1-15,17-31", "1,3,5", " 1 - 4 , 7 " (blanks around numbers are ignored). Errors: empty text
// or element, a non-number, a reversed range ("5-3"), a number above kMaxListedChannel.
ChannelListParse parse_channel_list(std::string_view text);

// The shortest list text for `channels`, runs of consecutive numbers folded: {1..15,17..31} ->
// "1-15,17-31". parse_channel_list(format_channel_list(v)).channels == v for any v of numbers
// in 0..kMaxListedChannel.
std::string format_channel_list(const std::vector<int>& channels);

struct RangeParse {
  Range range;
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};

// One range of telephone-number digits, "2125550000-2125559999" or a single "1000". Digits
// only; the first may exceed the last here (validation reports that, so a model built in code
// gets the same message).
RangeParse parse_number_range(std::string_view text);
std::string format_number_range(const Range& range);

}  // namespace spantsp::config
