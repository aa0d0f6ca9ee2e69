# Warnings every SpanTSP target compiles with; the tree builds clean under them.
function(spantsp_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough -Wformat=2)
endfunction()

# A static library of SpanTSP code: warnings, the include roots, PIC (it ends up in the .tsp).
function(spantsp_library name)
  add_library(${name} STATIC ${ARGN})
  spantsp_warnings(${name})
  target_include_directories(${name} PUBLIC ${SPANTSP_INCLUDE_ROOTS})
endfunction()
