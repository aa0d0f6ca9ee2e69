#pragma once
// The name and number templates of a span (`line_name`, `line_number`) and of line overrides.
//
// Placeholders: {span} (span id), {channel} (bearer channel), {n} (0-based index of the line
// on its span). Each may carry a zero-padded width, {n:03} -> "007". There is no escape for a
// literal brace: a brace always starts or ends a placeholder.

#include <string>
#include <string_view>

namespace spantsp::config {

struct TemplateValues {
  int span = 0;
  int channel = 0;
  int n = 0;
};

enum class TemplateKind {
  kName,    // any text
  kNumber,  // digits with an optional leading '+', so every rendering is a dialable number
};

// Why `text` is not a valid template of this kind (the message names the allowed
// placeholders), or an empty string when it is valid.
std::string check_line_template(std::string_view text, TemplateKind kind);

// Substitutes the placeholders; anything check_line_template rejects is copied as written.
std::string render_line_template(std::string_view text, const TemplateValues& values);

}  // namespace spantsp::config
