#include "config/channel_list.h"

#include <charconv>
#include <limits>
#include <system_error>

#include "config/message_text.h"

namespace spantsp::config {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Digits only (no sign, no blanks inside) and at most `max`.
std::optional<long long> parse_unsigned(std::string_view text, long long max) {
  if (!all_digits(text)) return std::nullopt;
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

}  // namespace

ChannelListParse parse_channel_list(std::string_view text) {
  ChannelListParse result;
  if (trim(text).empty()) {
    result.error = "channel list is empty; write channel numbers and ranges like \"1-15,17-31\"";
    return result;
  }
  std::string_view rest = text;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view element = trim(rest.substr(0, comma));
    if (element.empty()) {
      result.error = "channel list " + in_quotes(text) +
                     " has an empty element; write channel numbers and ranges like \"1-15,17-31\"";
      return result;
    }
    const auto dash = element.find('-');
    const std::string_view first_text = trim(element.substr(0, dash));
    const std::string_view last_text =
        dash == std::string_view::npos ? first_text : trim(element.substr(dash + 1));
    const auto first = parse_unsigned(first_text, kMaxListedChannel);
    const auto last = parse_unsigned(last_text, kMaxListedChannel);
    if (!first || !last) {
      const bool too_big = all_digits(first_text) && all_digits(last_text);
      result.error =
          in_quotes(element) + (too_big ? " has a number above " + std::to_string(kMaxListedChannel)
                                        : " is not a channel number or a range like \"17-31\"");
      return result;
    }
    if (*first > *last) {
      result.error =
          "range " + in_quotes(element) + " runs backwards; write the lower number first";
      return result;
    }
    for (long long channel = *first; channel <= *last; ++channel) {
      result.channels.push_back(static_cast<int>(channel));
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return result;
}

std::string format_channel_list(const std::vector<int>& channels) {
  std::string out;
  for (std::size_t i = 0; i < channels.size();) {
    std::size_t j = i;
    while (j + 1 < channels.size() && channels[j + 1] == channels[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(channels[i]);
    if (j > i) {
      out += '-';
      out += std::to_string(channels[j]);
    }
    i = j + 1;
  }
  return out;
}

RangeParse parse_number_range(std::string_view text) {
  RangeParse result;
  const auto dash = text.find('-');
  const std::string_view first_text = trim(text.substr(0, dash));
  const std::string_view last_text =
      dash == std::string_view::npos ? first_text : trim(text.substr(dash + 1));
  constexpr long long kMax = std::numeric_limits<int>::max();
  const auto first = parse_unsigned(first_text, kMax);
  const auto last = parse_unsigned(last_text, kMax);
  if (!first || !last) {
    result.error = all_digits(first_text) && all_digits(last_text)
                       ? in_quotes(text) + " has a number above " + std::to_string(kMax)
                       : in_quotes(text) +
                             " is not a number or a range of numbers like \"1000-1999\" "
                             "(digits only)";
    return result;
  }
  result.range = Range{static_cast<int>(*first), static_cast<int>(*last)};
  return result;
}

std::string format_number_range(const Range& range) {
  if (range.first == range.last) return std::to_string(range.first);
  return std::to_string(range.first) + '-' + std::to_string(range.last);
}

}  // namespace spantsp::config
