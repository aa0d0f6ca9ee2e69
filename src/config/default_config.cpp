#include "config/default_config.h"

#include <string_view>

namespace spantsp::config {
namespace {

// Complete configurations that differ only in the span's signalling; config_test loads both.
constexpr std::string_view kDefaultHead =
    R"(# SpanTSP configuration written by TUISPI_providerInstall.
# Edit it with the configuration dialog (tapihost config) or by hand; see config/README.md.
# The provider reads it again at every TSPI_providerInit.

[provider]
name = "SpanTSP"

[[board]]
name = "sim0"
driver = "sim"

[[board.span]]
id = 1
type = "e1"
)";
constexpr std::string_view kDefaultPriSpan = R"(signalling = "pri_cpe"
framing = "ccs"
coding = "hdb3"
switchtype = "euroisdn"
channels = "1-15,17-31"
)";
// The same 30 lines where this provider has no PRI module.
constexpr std::string_view kDefaultIdealSpan =
    R"(# This provider has no PRI module: `ideal` signalling (config/README.md).
signalling = "ideal"
framing = "ccs"
coding = "hdb3"
channels = "1-15,17-31"
)";

}  // namespace

std::string default_configuration(bool pri_available) {
  std::string text(kDefaultHead);
  text += pri_available ? kDefaultPriSpan : kDefaultIdealSpan;
  return text;
}

}  // namespace spantsp::config
