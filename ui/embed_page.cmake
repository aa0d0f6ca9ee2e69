# Turns a page of ui/page/ into a C++ header (a raw string literal named NAME), so the page ships
# inside spantsp_ui.tsp with no file to install and nothing fetched at build or run time.
file(READ "${IN}" content)
string(FIND "${content}" ")spantsp_page\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter")
endif()
file(WRITE "${OUT}.tmp" "#pragma once\n// Generated from ${IN} by ui/embed_page.cmake. Do not edit.\n#include <string_view>\nnamespace spantsp::ui {\ninline constexpr std::string_view ${NAME} = R\"spantsp_page(${content})spantsp_page\";\n}  // namespace spantsp::ui\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
