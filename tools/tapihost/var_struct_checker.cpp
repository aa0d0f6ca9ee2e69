#include "tools/tapihost/var_struct_checker.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <string>

#include "tools/tapihost/lineerr_name.h"
#include "tools/tapihost/utf16.h"

namespace spantsp::host {

namespace {

constexpr std::size_t kTotalSizeAt = 0;
constexpr std::size_t kNeededSizeAt = 1;
constexpr std::size_t kUsedSizeAt = 2;

DWORD read_dword(const unsigned char* base, std::uint32_t at) {
  DWORD value = 0;
  std::memcpy(&value, base + at, sizeof value);
  return value;
}

std::string field_text(std::string_view context, const StructLayout& layout,
                       std::string_view field) {
  std::string out(context);
  out += ": ";
  out += layout.name;
  out += '.';
  out += field;
  return out;
}

void check_string(const unsigned char* base, const VarField& field, DWORD size, DWORD offset,
                  const std::string& where, std::vector<Violation>& out) {
  if (size % sizeof(char16_t) != 0) {
    out.push_back({Rule::kStringFormat, where + " has odd size " + std::to_string(size) +
                                            " (UTF-16 strings have even byte sizes)"});
    return;
  }
  std::u16string text(size / sizeof(char16_t), u'\0');
  std::memcpy(text.data(), base + offset, size);
  if (text.back() != u'\0') {
    out.push_back({Rule::kStringFormat,
                   where + " is not NUL-terminated (size " + std::to_string(size) + ")"});
    return;
  }
  if (field.kind == FieldKind::kStringList && text.size() >= 2 && text[text.size() - 2] != u'\0') {
    out.push_back(
        {Rule::kStringFormat, where + " list does not end with an empty string (double NUL)"});
  }
  if (!is_valid_utf16(text)) {
    out.push_back({Rule::kStringFormat, where + " holds invalid UTF-16 (lone surrogate)"});
  }
}

struct Interval {
  DWORD begin;
  DWORD end;
  std::string_view name;
};

}  // namespace

StructBuffer::StructBuffer(std::uint32_t total_size)
    : storage_((total_size + kGuardBytes + sizeof(std::uint64_t) - 1) / sizeof(std::uint64_t)),
      total_size_(total_size) {
  reset();
}

void StructBuffer::reset() {
  auto* raw = static_cast<unsigned char*>(data());
  std::memset(raw, 0, total_size_);
  std::memset(raw + total_size_, kGuardByte, storage_.size() * sizeof(std::uint64_t) - total_size_);
  if (total_size_ >= sizeof(DWORD)) {
    const DWORD total = total_size_;
    std::memcpy(raw, &total, sizeof total);
  }
}

DWORD StructBuffer::word(std::size_t index) const {
  const auto at = static_cast<std::uint32_t>(index * sizeof(DWORD));
  if (at + sizeof(DWORD) > total_size_) return 0;
  return read_dword(bytes(), at);
}

bool StructBuffer::guard_intact() const {
  const unsigned char* raw = bytes();
  const std::size_t end = storage_.size() * sizeof(std::uint64_t);
  for (std::size_t i = total_size_; i < end; ++i) {
    if (raw[i] != kGuardByte) return false;
  }
  return true;
}

void check_filled_struct(StructKind kind, DWORD version, const StructBuffer& buffer,
                         std::string_view context, std::vector<Violation>& out) {
  const StructLayout& layout = struct_layout(kind);
  const std::uint32_t total = buffer.total_size();
  const std::string name = std::string(context) + ": " + std::string(layout.name);
  if (!buffer.guard_intact()) {
    out.push_back({Rule::kWritePastTotalSize,
                   name + " bytes past dwTotalSize=" + std::to_string(total) + " were written"});
  }
  const DWORD total_field = buffer.word(kTotalSizeAt);
  if (total_field != total) {
    out.push_back({Rule::kTotalSizeWritten, name + ".dwTotalSize changed from " +
                                                std::to_string(total) + " to " +
                                                std::to_string(total_field)});
  }
  const std::uint32_t fixed = fixed_size(kind, version);
  if (total < fixed) return;  // TAPI never lends less (tspi-contract §5); nothing to check
  const DWORD needed = buffer.word(kNeededSizeAt);
  const DWORD used = buffer.word(kUsedSizeAt);
  const auto sizes =
      " (dwTotalSize=" + std::to_string(total) + ", dwNeededSize=" + std::to_string(needed) +
      ", dwUsedSize=" + std::to_string(used) + ", fixed size " + std::to_string(fixed) + ")";
  if (used > total) {
    out.push_back({Rule::kSizeFields, name + " dwUsedSize exceeds dwTotalSize" + sizes});
  }
  if (needed < used) {
    out.push_back({Rule::kSizeFields, name + " dwNeededSize below dwUsedSize" + sizes});
  }
  if (used < fixed || needed < fixed) {
    out.push_back({Rule::kSizeFields, name + " sizes below the fixed part" + sizes});
  }

  const unsigned char* base = buffer.bytes();
  for (const OwnedMember& member : layout.tapi_owned_members) {
    if (member.at + member.bytes > total) continue;
    bool zero = true;
    for (std::uint32_t i = 0; i < member.bytes; ++i) zero = zero && base[member.at + i] == 0;
    if (!zero) {
      out.push_back({Rule::kTapiOwnedField,
                     field_text(context, layout, member.name) + " was written by the provider"});
    }
  }

  const DWORD limit = std::min<DWORD>(used, total);
  std::vector<Interval> intervals;
  for (const VarField& field : layout.fields) {
    if (!field_exists(field, fixed)) continue;
    const DWORD size = read_dword(base, field.size_at);
    const DWORD offset = read_dword(base, field.offset_at);
    const std::string where = field_text(context, layout, field.name);
    if (field.tapi_owned) {
      if (size != 0 || offset != 0) {
        out.push_back({Rule::kTapiOwnedField, where + " Size/Offset were written (" +
                                                  std::to_string(size) + "/" +
                                                  std::to_string(offset) + ")"});
      }
      continue;
    }
    if (size == 0) continue;
    const std::uint64_t end = std::uint64_t{offset} + size;
    if (offset < fixed || end > limit) {
      out.push_back({Rule::kVarFieldRange, where + " at [" + std::to_string(offset) + ", " +
                                               std::to_string(end) + ") is outside [" +
                                               std::to_string(fixed) + ", " +
                                               std::to_string(limit) + ")" + sizes});
      continue;
    }
    intervals.push_back({offset, static_cast<DWORD>(end), field.name});
    FieldKind kind_here = field.kind;
    if (kind == StructKind::kVarString &&
        read_dword(base, offsetof(VARSTRING, dwStringFormat)) == STRINGFORMAT_UNICODE) {
      kind_here = FieldKind::kString;
    }
    if (kind_here != FieldKind::kBinary) {
      VarField as_string = field;
      as_string.kind = kind_here;
      check_string(base, as_string, size, offset, where, out);
    }
  }
  std::sort(intervals.begin(), intervals.end(),
            [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
  for (std::size_t i = 1; i < intervals.size(); ++i) {
    if (intervals[i].begin < intervals[i - 1].end) {
      out.push_back({Rule::kVarFieldOverlap, name + "." + std::string(intervals[i - 1].name) +
                                                 " [" + std::to_string(intervals[i - 1].begin) +
                                                 ", " + std::to_string(intervals[i - 1].end) +
                                                 ") overlaps " + std::string(intervals[i].name) +
                                                 " [" + std::to_string(intervals[i].begin) + ", " +
                                                 std::to_string(intervals[i].end) + ")"});
    }
  }
}

std::size_t check_fill_at_every_size(StructKind kind, DWORD version, const FillFunction& fill,
                                     std::string_view context, std::vector<Violation>& out,
                                     std::uint32_t size_limit) {
  const StructLayout& layout = struct_layout(kind);
  const std::uint32_t fixed = fixed_size(kind, version);
  std::size_t fills = 0;

  // Reference: the complete structure, grown to dwNeededSize as TAPI does.
  StructBuffer probe(fixed);
  ++fills;
  if (const LONG result = fill(probe.data()); result != 0) {
    out.push_back({Rule::kFillFailed, std::string(context) + ": " + std::string(layout.name) +
                                          " fill at the fixed size " + std::to_string(fixed) +
                                          " returned " + describe_result(result)});
    return fills;
  }
  const DWORD needed = std::max<DWORD>(probe.word(kNeededSizeAt), fixed);
  if (needed > size_limit) {
    out.push_back({Rule::kSizeFields, std::string(context) + ": " + std::string(layout.name) +
                                          " dwNeededSize " + std::to_string(needed) +
                                          " is implausible"});
    return fills;
  }
  StructBuffer reference(needed);
  ++fills;
  if (const LONG result = fill(reference.data()); result != 0) {
    out.push_back({Rule::kFillFailed, std::string(context) + ": " + std::string(layout.name) +
                                          " fill at dwNeededSize " + std::to_string(needed) +
                                          " returned " + describe_result(result)});
    return fills;
  }
  std::vector<DWORD> reference_sizes;
  for (const VarField& field : layout.fields) {
    reference_sizes.push_back(
        field_exists(field, fixed) ? read_dword(reference.bytes(), field.size_at) : 0);
  }

  // Findings repeat at many sizes: keep the first of each, count the rest.
  struct Seen {
    std::size_t index;
    std::uint32_t first_size;
    std::size_t count;
  };
  std::map<std::string, Seen> seen;
  std::vector<Violation> found;
  const auto note = [&](Violation violation, std::uint32_t total) {
    // The same finding at another size differs only in its numbers.
    std::string shape(rule_id(violation.rule));
    for (char c : violation.description) {
      if (c < '0' || c > '9') shape += c;
    }
    auto [it, inserted] = seen.try_emplace(shape, Seen{found.size(), total, 0});
    ++it->second.count;
    if (inserted) found.push_back(std::move(violation));
  };

  for (std::uint32_t total = fixed; total <= needed; ++total) {
    StructBuffer buffer(total);
    ++fills;
    const LONG result = fill(buffer.data());
    if (result != 0) {
      note({Rule::kFillFailed, std::string(context) + ": " + std::string(layout.name) +
                                   " fill returned " + describe_result(result)},
           total);
      continue;
    }
    std::vector<Violation> here;
    check_filled_struct(kind, version, buffer, context, here);
    for (Violation& violation : here) note(std::move(violation), total);
    if (buffer.word(kNeededSizeAt) != probe.word(kNeededSizeAt)) {
      note({Rule::kNeededSizeUnstable,
            std::string(context) + ": " + std::string(layout.name) + ".dwNeededSize is " +
                std::to_string(probe.word(kNeededSizeAt)) +
                " at dwTotalSize=" + std::to_string(fixed) + " but differs at other sizes"},
           total);
    }
    const DWORD used_here = buffer.word(kUsedSizeAt);
    const DWORD needed_here = buffer.word(kNeededSizeAt);
    if (needed_here <= total && used_here != needed_here) {
      note(
          {Rule::kSizeFields, std::string(context) + ": " + std::string(layout.name) +
                                  " dwUsedSize " + std::to_string(used_here) + " != dwNeededSize " +
                                  std::to_string(needed_here) + " although everything fits"},
          total);
    }
    for (std::size_t i = 0; i < layout.fields.size(); ++i) {
      const VarField& field = layout.fields[i];
      if (!field_exists(field, fixed) || field.tapi_owned) continue;
      const DWORD size = read_dword(buffer.bytes(), field.size_at);
      const DWORD offset = read_dword(buffer.bytes(), field.offset_at);
      if ((size == 0 && offset == 0) || size == reference_sizes[i]) continue;
      note({Rule::kVarFieldTruncated,
            field_text(context, layout, field.name) + " has Size " + std::to_string(size) +
                " where the complete field has " + std::to_string(reference_sizes[i]) +
                " (a field that does not fit must be left at Size = Offset = 0)"},
           total);
    }
  }
  const auto sizes_tried = needed - fixed + 1;
  for (const auto& [shape, info] : seen) {
    found[info.index].description += " [first at dwTotalSize=" + std::to_string(info.first_size) +
                                     ", at " + std::to_string(info.count) + " of " +
                                     std::to_string(sizes_tried) + " sizes]";
  }
  for (Violation& violation : found) out.push_back(std::move(violation));
  return fills;
}

}  // namespace spantsp::host
