#include "config/r2_config.h"

#include <array>

namespace spantsp::config {
namespace {

template <typename T>
struct Word {
  T value;
  std::string_view name;
};

// openr2's variant words (chan_dahdi's mfcr2_variant), lower case.
constexpr std::array<Word<R2Variant>, 7> kVariants{{
    {R2Variant::kItu, "itu"},
    {R2Variant::kArgentina, "ar"},
    {R2Variant::kBrazil, "br"},
    {R2Variant::kChina, "cn"},
    {R2Variant::kColombia, "co"},
    {R2Variant::kMexico, "mx"},
    {R2Variant::kVenezuela, "ve"},
}};

constexpr std::array<Word<R2Category>, 7> kCategories{{
    {R2Category::kNationalSubscriber, "national_subscriber"},
    {R2Category::kNationalPrioritySubscriber, "national_priority_subscriber"},
    {R2Category::kInternationalSubscriber, "international_subscriber"},
    {R2Category::kInternationalPrioritySubscriber, "international_priority_subscriber"},
    {R2Category::kTestEquipment, "test_equipment"},
    {R2Category::kCollectCall, "collect_call"},
    {R2Category::kPayPhone, "pay_phone"},
}};

template <typename T, std::size_t N>
std::optional<T> parse(const std::array<Word<T>, N>& words, std::string_view word) {
  for (const auto& entry : words) {
    if (entry.name == word) return entry.value;
  }
  return std::nullopt;
}

template <typename T, std::size_t N>
std::string_view name(const std::array<Word<T>, N>& words, T value) {
  for (const auto& entry : words) {
    if (entry.value == value) return entry.name;
  }
  return "?";
}

template <typename T, std::size_t N>
std::string allowed(const std::array<Word<T>, N>& words) {
  std::string out;
  for (const auto& entry : words) {
    if (!out.empty()) out += ", ";
    out += entry.name;
  }
  return out;
}

}  // namespace

std::optional<R2Variant> parse_r2_variant(std::string_view word) {
  return parse(kVariants, word);
}
std::string_view r2_variant_name(R2Variant variant) {
  return name(kVariants, variant);
}
std::string allowed_r2_variants() {
  return allowed(kVariants);
}
std::optional<R2Category> parse_r2_category(std::string_view word) {
  return parse(kCategories, word);
}
std::string_view r2_category_name(R2Category category) {
  return name(kCategories, category);
}
std::string allowed_r2_categories() {
  return allowed(kCategories);
}

}  // namespace spantsp::config
