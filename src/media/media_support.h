#pragma once
// Whether this build carries the bearer DSP (DESIGN.md §5). The media library is built one of
// two ways, chosen by CMake (SPANTSP_WITH_MEDIA): with spandsp, libtonezone and oneTBB
// (span_media.cpp and the DSP beside it), or without them (span_media_none.cpp,
// tone_zone_none.cpp: the Windows build, where those libraries have no mingw-w64 package).
// Without the DSP, SpanMedia answers every command kUnsupported and hears nothing, so caps
// tell the truth only if no media capability is advertised: whatever advertises one (line
// caps, the TSPI media functions) asks here first. Any thread.

namespace spantsp::media {

bool dsp_available();

}  // namespace spantsp::media
