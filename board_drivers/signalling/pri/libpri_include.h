#pragma once
// libpri.h with C linkage: the Debian 1.6.0 header has no extern "C" guards. Include this,
// never <libpri.h> directly. It is found on a SYSTEM include path, so its own code does not
// trip the tree's warning flags.

extern "C" {
#include <libpri.h>
}
