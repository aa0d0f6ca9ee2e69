#pragma once
// The two numbers of DAHDI's <dahdi/user.h> that libtonezone's <dahdi/tonezone.h> needs for
// the layout of struct tone_zone. Debian's libtonezone-dev includes dahdi/user.h without
// shipping it (it lives in dahdi-source, which brings the kernel-module build with it), so
// SpanTSP supplies these two values and tone_zone.cpp checks the layout against the library's
// own builtin_zones table at run time before reading anything.
#define DAHDI_MAX_CADENCE 16
#define DAHDI_TONE_MAX 16
#define DAHDI_TONE_ZONE_MAX 128

// DAHDI's tone ids (the index space of struct tone_zone's tones[].toneid).
#define DAHDI_TONE_DIALTONE 0
#define DAHDI_TONE_BUSY 1
#define DAHDI_TONE_RINGTONE 2
#define DAHDI_TONE_CONGESTION 3
#define DAHDI_TONE_CALLWAIT 4
#define DAHDI_TONE_DIALRECALL 5
#define DAHDI_TONE_RECORDTONE 6
#define DAHDI_TONE_INFO 7
