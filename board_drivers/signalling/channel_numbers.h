#pragma once
// The bearer channel numbers a signalling module gives lines: bad or repeated numbers (which
// validation refuses) get none, so a module's per-channel tables stay consistent whatever it
// is handed. Pure; any thread.

#include <vector>

namespace spantsp::signalling {

// Numbers 1..max_channel, each once, in the order given.
inline std::vector<int> usable_channel_numbers(const std::vector<int>& channels, int max_channel) {
  std::vector<int> numbers;
  for (int n : channels) {
    if (n <= 0 || n > max_channel) continue;
    bool repeated = false;
    for (int seen : numbers) repeated = repeated || seen == n;
    if (!repeated) numbers.push_back(n);
  }
  return numbers;
}

}  // namespace spantsp::signalling
