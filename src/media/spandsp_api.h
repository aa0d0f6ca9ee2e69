#pragma once
// The one include of spandsp in SpanTSP (internal to src/media). spandsp's state types are
// complete here (SPANDSP_EXPOSE_INTERNAL_STRUCTURES) so each channel's detectors and generators
// live by value inside the channel's preallocated DSP state and every *_init gets our storage,
// never NULL: spandsp mallocs only when handed NULL. Its headers are C with extern "C" guards
// of their own; they are system headers, so the project warnings do not apply to them.

#ifndef SPANDSP_EXPOSE_INTERNAL_STRUCTURES
#define SPANDSP_EXPOSE_INTERNAL_STRUCTURES
#endif
#include <spandsp.h>
