// The var-struct checker on hand-built structures (tspi-contract §5), and fills at every size
// driven by small in-test "providers".

#include "tools/tapihost/var_struct_checker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

namespace spantsp::host {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr DWORD kVersion = 0x00030001;
constexpr LONG err(auto value) {
  return static_cast<LONG>(value);
}

std::vector<std::string> rules(const std::vector<Violation>& violations) {
  std::vector<std::string> ids;
  for (const Violation& violation : violations) ids.emplace_back(rule_id(violation.rule));
  return ids;
}

// Appends variable data to a structure the way the contract asks.
template <class T>
class Builder {
 public:
  explicit Builder(StructBuffer& buffer, std::uint32_t fixed = sizeof(T))
      : buffer_(buffer), used_(fixed), needed_(fixed) {}
  T* operator->() { return buffer_.as<T>(); }
  void add(const void* data, DWORD size, DWORD T::*size_field, DWORD T::*offset_field) {
    needed_ += size;
    if (used_ + size > buffer_.total_size()) return;
    std::memcpy(static_cast<unsigned char*>(buffer_.data()) + used_, data, size);
    buffer_.as<T>()->*size_field = size;
    buffer_.as<T>()->*offset_field = used_;
    used_ += size;
  }
  void add_string(std::u16string_view text, DWORD T::*size_field, DWORD T::*offset_field) {
    std::u16string copy(text);
    add(copy.c_str(), static_cast<DWORD>((copy.size() + 1) * sizeof(char16_t)), size_field,
        offset_field);
  }
  void finish() {
    buffer_.as<T>()->dwNeededSize = needed_;
    buffer_.as<T>()->dwUsedSize = used_;
  }

 private:
  StructBuffer& buffer_;
  DWORD used_;
  DWORD needed_;
};

// A well-formed LINEDEVCAPS with three strings, device-specific data and device classes.
void fill_good_devcaps(StructBuffer& buffer) {
  Builder<LINEDEVCAPS> caps(buffer);
  caps.add_string(u"SpanTSP 0.1", &LINEDEVCAPS::dwProviderInfoSize,
                  &LINEDEVCAPS::dwProviderInfoOffset);
  caps.add_string(u"pri_cpe euroisdn", &LINEDEVCAPS::dwSwitchInfoSize,
                  &LINEDEVCAPS::dwSwitchInfoOffset);
  caps.add_string(u"Span 1 B1", &LINEDEVCAPS::dwLineNameSize, &LINEDEVCAPS::dwLineNameOffset);
  const DWORD specific[7] = {0x50535453, 1, 1, 1, 2, 1, 0};
  caps.add(specific, sizeof specific, &LINEDEVCAPS::dwDevSpecificSize,
           &LINEDEVCAPS::dwDevSpecificOffset);
  const char16_t classes[] = u"tapi/line\0wave/in\0";
  caps.add(classes, sizeof classes, &LINEDEVCAPS::dwDeviceClassesSize,
           &LINEDEVCAPS::dwDeviceClassesOffset);
  caps.finish();
}

std::vector<Violation> check(StructKind kind, const StructBuffer& buffer,
                             DWORD version = kVersion) {
  std::vector<Violation> out;
  check_filled_struct(kind, version, buffer, "test", out);
  return out;
}

TEST(TapihostStructLayout, FixedSizesFollowTheNegotiatedVersion) {
  EXPECT_EQ(fixed_size(StructKind::kLineDevCaps, 0x00020000), 252u);
  EXPECT_EQ(fixed_size(StructKind::kLineDevCaps, 0x00020001), 252u);
  EXPECT_EQ(fixed_size(StructKind::kLineDevCaps, 0x00020002), 268u);
  EXPECT_EQ(fixed_size(StructKind::kLineDevCaps, 0x00030001), sizeof(LINEDEVCAPS));
  EXPECT_EQ(fixed_size(StructKind::kLineCallInfo, 0x00020002), 324u);
  EXPECT_EQ(fixed_size(StructKind::kLineCallInfo, 0x00030000), sizeof(LINECALLINFO));
  EXPECT_EQ(fixed_size(StructKind::kLineCallStatus, 0x00020000), sizeof(LINECALLSTATUS));
  EXPECT_EQ(fixed_size(StructKind::kLineCallStatus, 0x00010004), 36u);
  EXPECT_EQ(fixed_size(StructKind::kLineAddressCaps, 0x00020000), sizeof(LINEADDRESSCAPS));
  EXPECT_EQ(fixed_size(StructKind::kVarString, 0x00020000), 24u);
}

TEST(TapihostVarStructChecker, WellFormedStructureHasNoFinding) {
  StructBuffer buffer(512);
  fill_good_devcaps(buffer);
  EXPECT_THAT(check(StructKind::kLineDevCaps, buffer), IsEmpty());
}

TEST(TapihostVarStructChecker, TooSmallBufferWithFieldsLeftOutIsFine) {
  StructBuffer buffer(sizeof(LINEDEVCAPS) + 10);
  fill_good_devcaps(buffer);
  EXPECT_GT(DWORD{buffer.as<LINEDEVCAPS>()->dwNeededSize}, buffer.total_size());
  EXPECT_THAT(check(StructKind::kLineDevCaps, buffer), IsEmpty());
}

TEST(TapihostVarStructChecker, TotalSizeIsNeverWritten) {
  StructBuffer buffer(512);
  fill_good_devcaps(buffer);
  buffer.as<LINEDEVCAPS>()->dwTotalSize = 600;
  EXPECT_THAT(rules(check(StructKind::kLineDevCaps, buffer)), ElementsAre("total-size-written"));
}

TEST(TapihostVarStructChecker, NothingIsWrittenPastTotalSize) {
  StructBuffer buffer(512);
  fill_good_devcaps(buffer);
  static_cast<unsigned char*>(buffer.data())[512] = 0;
  EXPECT_THAT(rules(check(StructKind::kLineDevCaps, buffer)), ElementsAre("write-past-total-size"));
}

TEST(TapihostVarStructChecker, SizeFieldsAreConsistent) {
  StructBuffer used_past_total(512);
  fill_good_devcaps(used_past_total);
  used_past_total.as<LINEDEVCAPS>()->dwUsedSize = 513;
  used_past_total.as<LINEDEVCAPS>()->dwNeededSize = 513;
  EXPECT_THAT(rules(check(StructKind::kLineDevCaps, used_past_total)), ElementsAre("size-fields"));

  StructBuffer needed_below_used(512);
  fill_good_devcaps(needed_below_used);
  needed_below_used.as<LINEDEVCAPS>()->dwNeededSize = 300;
  EXPECT_THAT(rules(check(StructKind::kLineDevCaps, needed_below_used)),
              ElementsAre("size-fields"));

  StructBuffer nothing(512);  // the provider did not even fill the fixed part's sizes
  EXPECT_THAT(rules(check(StructKind::kLineDevCaps, nothing)), ElementsAre("size-fields"));
}

TEST(TapihostVarStructChecker, FieldsLieInsideTheVariablePart) {
  StructBuffer in_fixed(512);
  fill_good_devcaps(in_fixed);
  in_fixed.as<LINEDEVCAPS>()->dwLineNameOffset = 100;
  EXPECT_THAT(rules(check(StructKind::kLineDevCaps, in_fixed)), ElementsAre("var-field-range"));

  StructBuffer past_used(512);
  fill_good_devcaps(past_used);
  past_used.as<LINEDEVCAPS>()->dwUsedSize -= 2;  // the device classes now end past dwUsedSize
  past_used.as<LINEDEVCAPS>()->dwNeededSize -= 2;
  EXPECT_THAT(rules(check(StructKind::kLineDevCaps, past_used)), ElementsAre("var-field-range"));
}

TEST(TapihostVarStructChecker, FieldsDoNotOverlap) {
  StructBuffer buffer(512);
  fill_good_devcaps(buffer);
  LINEDEVCAPS* caps = buffer.as<LINEDEVCAPS>();
  caps->dwSwitchInfoOffset = caps->dwProviderInfoOffset + 2;
  caps->dwSwitchInfoSize = caps->dwProviderInfoSize - 2;  // still NUL-terminated
  const auto found = check(StructKind::kLineDevCaps, buffer);
  EXPECT_THAT(rules(found), ElementsAre("var-field-overlap"));
  EXPECT_THAT(found[0].description, HasSubstr("ProviderInfo"));
}

TEST(TapihostVarStructChecker, StringsAreNulTerminatedUtf16) {
  StructBuffer odd(512);
  fill_good_devcaps(odd);
  odd.as<LINEDEVCAPS>()->dwLineNameSize -= 1;
  StructBuffer unterminated(512);
  fill_good_devcaps(unterminated);
  unterminated.as<LINEDEVCAPS>()->dwLineNameSize -= 2;
  StructBuffer surrogate(512);
  fill_good_devcaps(surrogate);
  const char16_t lone = 0xD800;
  std::memcpy(
      static_cast<unsigned char*>(surrogate.data()) + surrogate.as<LINEDEVCAPS>()->dwLineNameOffset,
      &lone, sizeof lone);
  StructBuffer list(512);
  fill_good_devcaps(list);
  list.as<LINEDEVCAPS>()->dwDeviceClassesSize -= 2;  // ends after "wave/in\0": no double NUL
  EXPECT_THAT(rules(check(StructKind::kLineDevCaps, odd)), ElementsAre("string-format"));
  EXPECT_THAT(rules(check(StructKind::kLineDevCaps, unterminated)), ElementsAre("string-format"));
  EXPECT_THAT(rules(check(StructKind::kLineDevCaps, surrogate)), ElementsAre("string-format"));
  EXPECT_THAT(rules(check(StructKind::kLineDevCaps, list)), ElementsAre("string-format"));
}

TEST(TapihostVarStructChecker, BinaryFieldsAreNotStrings) {
  StructBuffer buffer(512);
  fill_good_devcaps(buffer);
  buffer.as<LINEDEVCAPS>()->dwDevSpecificSize -= 1;  // odd and unterminated, but binary
  EXPECT_THAT(check(StructKind::kLineDevCaps, buffer), IsEmpty());
}

TEST(TapihostVarStructChecker, VarStringIsCheckedAsUnicodeOnlyWhenItSaysSo) {
  StructBuffer unicode(64);
  Builder<VARSTRING> text(unicode);
  text->dwStringFormat = STRINGFORMAT_UNICODE;
  text.add("ab", 2, &VARSTRING::dwStringSize, &VARSTRING::dwStringOffset);  // no NUL
  text.finish();
  EXPECT_THAT(rules(check(StructKind::kVarString, unicode)), ElementsAre("string-format"));

  StructBuffer binary(64);
  Builder<VARSTRING> bytes(binary);
  bytes->dwStringFormat = STRINGFORMAT_BINARY;
  bytes.add("ab", 2, &VARSTRING::dwStringSize, &VARSTRING::dwStringOffset);
  bytes.finish();
  EXPECT_THAT(check(StructKind::kVarString, binary), IsEmpty());
}

TEST(TapihostVarStructChecker, TapiOwnedFieldsAreLeftAlone) {
  StructBuffer good(400);
  Builder<LINECALLINFO> info(good);
  info.add_string(u"5551234", &LINECALLINFO::dwCallerIDSize, &LINECALLINFO::dwCallerIDOffset);
  info.finish();
  EXPECT_THAT(check(StructKind::kLineCallInfo, good), IsEmpty());

  StructBuffer owners(400);
  Builder<LINECALLINFO> owners_info(owners);
  owners_info->dwNumOwners = 1;
  owners_info.finish();
  StructBuffer app_name(400);
  Builder<LINECALLINFO> named(app_name);
  named.add_string(u"app", &LINECALLINFO::dwAppNameSize, &LINECALLINFO::dwAppNameOffset);
  named.finish();
  StructBuffer privilege(sizeof(LINECALLSTATUS));
  Builder<LINECALLSTATUS> status(privilege);
  status->dwCallPrivilege = LINECALLPRIVILEGE_OWNER;
  status.finish();
  EXPECT_THAT(rules(check(StructKind::kLineCallInfo, owners)), ElementsAre("tapi-owned-field"));
  EXPECT_THAT(rules(check(StructKind::kLineCallInfo, app_name)), ElementsAre("tapi-owned-field"));
  EXPECT_THAT(rules(check(StructKind::kLineCallStatus, privilege)),
              ElementsAre("tapi-owned-field"));
}

TEST(TapihostVarStructChecker, OnlyFieldsOfTheNegotiatedVersionAreChecked) {
  // At TSPI 2.0 the fixed part ends before PermanentLineGuid; data may start at 252.
  StructBuffer buffer(300);
  Builder<LINEDEVCAPS> caps(buffer, 252);
  caps.add_string(u"Span 1 B1", &LINEDEVCAPS::dwLineNameSize, &LINEDEVCAPS::dwLineNameOffset);
  caps.finish();
  EXPECT_THAT(check(StructKind::kLineDevCaps, buffer, 0x00020000), IsEmpty());
  EXPECT_THAT(rules(check(StructKind::kLineDevCaps, buffer, 0x00030000)),
              ElementsAre("size-fields", "var-field-range"));
}

// --- fills at every size ------------------------------------------------------------------------

TEST(TapihostFillAtEverySize, ContractAbidingFillHasNoFinding) {
  int fills = 0;
  const FillFunction provider = [&](void* structure) {
    ++fills;
    DWORD total = 0;
    std::memcpy(&total, structure, sizeof total);
    // Build in a scratch buffer of the same size, then copy (Builder needs a StructBuffer).
    StructBuffer scratch(total);
    fill_good_devcaps(scratch);
    std::memcpy(structure, scratch.data(), total);
    return LONG{0};
  };
  std::vector<Violation> found;
  const std::size_t made =
      check_fill_at_every_size(StructKind::kLineDevCaps, kVersion, provider, "test", found);
  EXPECT_THAT(found, IsEmpty());
  StructBuffer full(1000);
  fill_good_devcaps(full);
  const DWORD needed = full.as<LINEDEVCAPS>()->dwNeededSize;
  EXPECT_EQ(made, needed - sizeof(LINEDEVCAPS) + 1 + 2);
  EXPECT_EQ(fills, static_cast<int>(made));
}

TEST(TapihostFillAtEverySize, TruncatedFieldIsFound) {
  const FillFunction provider = [](void* structure) {
    DWORD total = 0;
    std::memcpy(&total, structure, sizeof total);
    StructBuffer scratch(total);
    fill_good_devcaps(scratch);
    // A provider that squeezes in what fits of the line name instead of leaving it out.
    LINEDEVCAPS* caps = scratch.as<LINEDEVCAPS>();
    if (caps->dwLineNameSize == 0 && caps->dwUsedSize + 4 <= total) {
      caps->dwLineNameOffset = caps->dwUsedSize;
      caps->dwLineNameSize = 4;
      const char16_t part[2] = {u'S', u'\0'};
      std::memcpy(static_cast<unsigned char*>(scratch.data()) + caps->dwUsedSize, part, 4);
      caps->dwUsedSize += 4;
    }
    std::memcpy(structure, scratch.data(), total);
    return LONG{0};
  };
  std::vector<Violation> found;
  check_fill_at_every_size(StructKind::kLineDevCaps, kVersion, provider, "test", found);
  ASSERT_THAT(rules(found), ElementsAre("var-field-truncated"));
  EXPECT_THAT(found[0].description, HasSubstr("LineName"));
  EXPECT_THAT(found[0].description, HasSubstr("first at dwTotalSize="));
}

TEST(TapihostFillAtEverySize, NeededSizeMustNotDependOnTheBuffer) {
  const FillFunction provider = [](void* structure) {
    DWORD total = 0;
    std::memcpy(&total, structure, sizeof total);
    StructBuffer scratch(total);
    fill_good_devcaps(scratch);
    if (total % 7 == 0) scratch.as<LINEDEVCAPS>()->dwNeededSize += 2;
    std::memcpy(structure, scratch.data(), total);
    return LONG{0};
  };
  std::vector<Violation> found;
  check_fill_at_every_size(StructKind::kLineDevCaps, kVersion, provider, "test", found);
  EXPECT_THAT(rules(found), ElementsAre("needed-size-unstable"));
}

TEST(TapihostFillAtEverySize, WritesPastTotalSizeAreFoundOnce) {
  const FillFunction provider = [](void* structure) {
    DWORD total = 0;
    std::memcpy(&total, structure, sizeof total);
    StructBuffer scratch(total);
    fill_good_devcaps(scratch);
    std::memcpy(structure, scratch.data(), total);
    static_cast<unsigned char*>(structure)[total] = 0;  // one byte too far
    return LONG{0};
  };
  std::vector<Violation> found;
  check_fill_at_every_size(StructKind::kLineDevCaps, kVersion, provider, "test", found);
  ASSERT_THAT(rules(found), ElementsAre("write-past-total-size"));
  EXPECT_THAT(found[0].description, HasSubstr("first at dwTotalSize=292"));
}

TEST(TapihostFillAtEverySize, FillMustSucceedAtEverySizeAboveTheFixedPart) {
  const FillFunction provider = [](void* structure) {
    DWORD total = 0;
    std::memcpy(&total, structure, sizeof total);
    if (total > 292 && total < 300) return err(LINEERR_STRUCTURETOOSMALL);
    StructBuffer scratch(total);
    fill_good_devcaps(scratch);
    std::memcpy(structure, scratch.data(), total);
    return LONG{0};
  };
  std::vector<Violation> found;
  check_fill_at_every_size(StructKind::kLineDevCaps, kVersion, provider, "test", found);
  ASSERT_THAT(rules(found), ElementsAre("fill-failed-at-size"));
  EXPECT_THAT(found[0].description, HasSubstr("LINEERR_STRUCTURETOOSMALL"));
  EXPECT_THAT(found[0].description, HasSubstr("at 7 of"));
}

}  // namespace
}  // namespace spantsp::host
