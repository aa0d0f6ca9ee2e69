# The PRI module runs over the I/O interface only (DESIGN.md §4): no file under
# board_drivers/signalling/pri may include a file of the sim board or of the sim I/O module, so
# the same module runs unchanged over DAHDI's I/O. Run as: cmake -DROOT=<source dir> -P <this>.
file(GLOB_RECURSE sources ${ROOT}/board_drivers/signalling/pri/*.h
  ${ROOT}/board_drivers/signalling/pri/*.cpp)
set(bad "")
foreach(source ${sources})
  file(STRINGS ${source} includes REGEX "#include \"board_drivers/(sim|io/sim)/")
  foreach(line ${includes})
    list(APPEND bad "${source}: ${line}")
  endforeach()
endforeach()
if(bad)
  list(JOIN bad "\n" text)
  message(FATAL_ERROR "the PRI module includes sim files:\n${text}")
endif()
list(LENGTH sources count)
message(STATUS "${count} PRI module files include no sim file")
