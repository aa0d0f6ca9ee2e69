#pragma once
// The one configuration model of SpanTSP: boards, spans, signalling, the line each bearer
// channel becomes, the engine's thread mapping and the sim board's traffic profile.
//
// Plain values, no behaviour: produced by config_loader (TOML here, the registry on Windows),
// checked by config_validation, read by the provider at TSPI_providerInit (tspi-contract §1.2:
// configuration is re-read at every init) and edited by the UI DLL. Immutable once loaded; the
// provider keeps its own copy for the session.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spantsp::config {

enum class SpanType : std::uint8_t { kT1, kE1 };

// T1: d4 (superframe) or esf; E1: cas or ccs (chan_dahdi/system.conf words).
enum class Framing : std::uint8_t { kD4, kEsf, kCas, kCcs };

enum class LineCoding : std::uint8_t { kAmi, kB8zs, kHdb3 };

// What runs on the span's signalling channel. `ideal` is an intelligent board: call control
// with no wire protocol.
enum class Signalling : std::uint8_t { kIdeal, kPri, kCas, kR2 };

// PRI side: we are the CPE (user side) or the network side.
enum class NodeSide : std::uint8_t { kCpe, kNet };

// libpri switch types, with chan_dahdi's `switchtype=` words as their text form.
enum class SwitchType : std::uint8_t {
  kNi2,       // "national"
  kDms100,    // "dms100"
  kLucent5e,  // "5ess"
  kAtt4ess,   // "4ess"
  kEuroIsdn,  // "euroisdn"
  kNi1,       // "ni1"
  kQsig,      // "qsig"
};

// A closed range of integers, as users write them: "1-15,17-31".
struct Range {
  int first = 0;
  int last = 0;
};

// How a trunk-group line picks the channel of an outgoing call. chan_dahdi's dial-string
// letters name the first three (g ascending, G descending, r round robin); lru is FreeTDM's
// and PBX practice: the channel idle the longest.
enum class HuntPolicy : std::uint8_t { kAscending, kDescending, kRoundRobin, kLeastRecentlyUsed };

// A trunk-group line: several bearer channels of one span exposed as one TAPI line whose
// address carries one call per channel. Its channels are no longer per-channel lines.
// A group on a later span may `join` a group defined on an earlier one (DESIGN.md §5a
// "cross-span groups"): its channels then belong to that group's line, which spans both; it
// has no name, number or hunt of its own (the loader copies the joined group's).
struct GroupConfig {
  std::string name;
  std::string number;
  std::vector<int> channels;  // ascending, each a line channel of the span, in one group only
  HuntPolicy hunt = HuntPolicy::kAscending;
  std::string join;  // the name of the group it extends onto this span; empty: a line of its own
  bool joins() const { return !join.empty(); }
};

// Per-line override of the generated name/number.
// Characters the far party may send as DTMF (dtmf_digits), and the longest string.
inline constexpr std::string_view kSimDtmfCharacters = "0123456789*#ABCD,";
inline constexpr std::size_t kMaxSimDtmfDigits = 32;

struct LineConfig {
  int channel = 0;  // bearer channel number on its span (T1 1-24, E1 timeslot 1-31)
  std::string name;
  std::string number;
};

// T1/E1 CAS (signalling "cas", board_drivers/signalling/cas/cas_span.h): how a channel starts
// a call, in chan_dahdi's signalling words (em_w, em, em_dd, fxs_ls, fxo_ls, fxs_gs,
// fxo_gs), and the timers
// users tune, in chan_dahdi's words, in milliseconds (config/cas_config.h has their ranges).
enum class CasStart : std::uint8_t {
  kEmWink,       // em_w: E&M wink start
  kEmImmediate,  // em: E&M immediate start
  kEmDelayDial,  // em_dd: E&M delay dial
  kFxsLoop,      // fxs_ls: we are the station side of a loop-start line (the office rings us)
  kFxoLoop,      // fxo_ls: we are the office side (we ring the station)
  kFxsGround,    // fxs_gs: the station side of a ground-start line (ring ground seizes)
  kFxoGround,    // fxo_gs: the office side of a ground-start line (tip ground seizes)
};
struct CasTimers {
  std::uint32_t prewink = 50;          // seizure seen -> our wink starts
  std::uint32_t wink = 150;            // our wink (and delay-dial signal) lasts this long
  std::uint32_t rxwink = 300;          // the longest off-hook pulse taken as the far end's wink
  std::uint32_t start = 1500;          // wait for the far end's start signal (wink, delay dial)
  std::uint32_t debounce = 20;         // an ABCD change counts once stable this long
  std::uint32_t digit_on = 80;         // DTMF digit tone ...
  std::uint32_t digit_off = 80;        // ... and gap
  std::uint32_t digit_timeout = 3000;  // wait for the first / next digit of an incoming number
  std::uint32_t predial = 100;         // immediate start, loop start: seizure -> first digit
};
struct CasConfig {
  CasStart start = CasStart::kEmWink;
  CasTimers timers;
};

// E1 MFC/R2 (signalling "mfcr2", board_drivers/signalling/r2/r2_span.h), in chan_dahdi's and
// openr2's words: the variant (whose tone meanings board_drivers/signalling/r2/r2_variant.cpp
// describes), ANI/DNIS limits, the category our calls send, and the protocol timers in ms
// (config/r2_config.h has their ranges).
enum class R2Variant : std::uint8_t {
  kItu,
  kArgentina,
  kBrazil,
  kChina,
  kColombia,
  kMexico,
  kVenezuela,
};
// Calling party categories (group II), openr2's words.
enum class R2Category : std::uint8_t {
  kNationalSubscriber,
  kNationalPrioritySubscriber,
  kInternationalSubscriber,
  kInternationalPrioritySubscriber,
  kTestEquipment,
  kCollectCall,  // Brazil only
  kPayPhone,     // Argentina only
};
struct R2Timers {
  std::uint32_t seize_ack = 2000;     // seizure -> the far end's seize acknowledge
  std::uint32_t mf_back = 2000;       // backward: wait for the next forward tone (or its end)
  std::uint32_t mf_fwd = 30000;       // forward: wait for a backward tone (or its end)
  std::uint32_t mf_pulse = 150;       // a backward signal sent with no forward tone to compel it
  std::uint32_t clear = 3000;         // clearing: wait for the far end's idle
  std::uint32_t double_answer = 400;  // each half of a double answer (answer, clear back)
};
struct R2Config {
  R2Variant variant = R2Variant::kItu;
  std::uint32_t max_ani = 10;
  std::uint32_t max_dnis = 4;
  int get_ani_first = -1;  // -1: the variant's default; 0 / 1
  R2Category category = R2Category::kNationalSubscriber;
  // Brazil's collect-call defence (chan_dahdi's mfcr2_double_answer): our answer is answer,
  // clear back, answer; as caller we take a clear back within the double answer as part of
  // it (unless we send the collect-call category: collect-call equipment clears on it).
  bool double_answer = false;
  // chan_dahdi's mfcr2_allow_collect_calls: false refuses incoming calls of the collect-call
  // category in group B (unallocated number, Brazil's "collect call refused") unoffered.
  bool allow_collect_calls = false;
  R2Timers timers;
};

// The default `dchannel_backlog`: about 150 ms of I-frames at 64 kb/s, far below Q.931's
// T303 (4 s), and never reached below the D-channel's capacity.
inline constexpr std::uint32_t kDefaultDchannelBacklog = 32;
inline constexpr std::uint32_t kMaxDchannelBacklog = 1000;

struct SpanConfig {
  int id = 0;  // span number, unique in the whole configuration (1-based)
  SpanType type = SpanType::kE1;
  Framing framing = Framing::kCcs;
  bool crc4 = false;  // E1 only
  LineCoding coding = LineCoding::kHdb3;
  Signalling signalling = Signalling::kIdeal;
  NodeSide node = NodeSide::kCpe;                  // pri only
  SwitchType switch_type = SwitchType::kEuroIsdn;  // pri only
  // Bearer channels exposed as lines, in order. Defaults to every bearer of the span type:
  // T1 PRI 1-23 (D on 24), T1 other 1-24, E1 1-15,17-31.
  std::vector<int> channels;
  // Name and number templates; `{span}` and `{channel}` are substituted. Numbers may also use
  // `{n}`, the 0-based index of the line on the span.
  std::string line_name = "Span {span} channel {channel}";
  std::string line_number;
  std::vector<LineConfig> lines;    // overrides, by channel
  std::vector<GroupConfig> groups;  // trunk-group lines, after the per-channel lines
  // PRI only: new outgoing calls are refused (LINEERR_RESOURCEUNAVAIL) while this many
  // frames or more wait in the D-channel's Q.921 queue; 0 = no bound (pri_span.h admit_call).
  std::uint32_t dchannel_backlog = kDefaultDchannelBacklog;
  // Sim PRI only: pcap file capturing every D-channel frame (pcap_trace.h); empty = none.
  std::string trace;
  // Ideal only: the most calls of the span with DSP running at once (digit/tone monitoring,
  // gathering, generation, media detection; media/span_media.h's pool bound); 0 = every channel.
  std::uint32_t dsp_channels = 0;
  CasConfig cas;  // cas only ([board.span.cas])
  R2Config r2;    // mfcr2 only ([board.span.mfcr2])
};

// A scripted caller (an IVR's callers, [[board.traffic.caller]]): what the far party of a call
// the far end places does once we answer. Every time is from the answer.
struct CallerScript {
  std::string name;    // for reports
  double share = 0.0;  // of the far end's calls towards us; shares sum to <= 1
  std::string digits;  // keyed after digits_delay_ms; "" = never keys anything
  std::uint32_t digits_delay_ms = 1000;
  std::uint32_t hang_up_ms = 0;     // hangs up then (0: waits for our side)
  std::uint32_t speak_from_ms = 0;  // speech-like audio from then ...
  std::uint32_t speak_ms = 0;       // ... for this long (0: never speaks)
};

// How the far end of a sim board behaves (Poisson arrivals, outcomes, hold times).
struct TrafficProfile {
  double incoming_calls_per_second = 0.0;  // per span, Poisson
  Range ani{2125550000, 2125559999};       // calling numbers drawn from this range
  Range dnis{1000, 1999};                  // called numbers drawn from this range
  std::uint32_t answer_delay_ms = 0;       // far end answers our outgoing calls after this
  double busy_share = 0.0;                 // of our outgoing calls: far end busy
  double no_answer_share = 0.0;            //   ... rings, never answers
  double reject_share = 0.0;               //   ... rejected (call rejected / unallocated)
  std::uint32_t hold_time_ms = 0;          // mean of an exponential hold time; 0 = hold forever
  double remote_hangup_share = 0.5;        // of answered calls, the far end clears first
  double glare_share = 0.0;                // incoming seizures aimed at a channel we are seizing
  std::uint64_t seed = 1;                  // same seed, same traffic

  // Sound: what the far party does with the bearer of a connected call (DESIGN.md §5).
  double dtmf_share = 0.0;             // of connected calls: the far party sends dtmf_digits
  std::string dtmf_digits = "1234";    // 0-9 * # A-D, ',' = 2 s pause; 1..32 characters
  std::uint32_t dtmf_delay_ms = 1000;  // after the call connects
  std::uint32_t dtmf_on_ms = 100;      // tone, then gap, per digit
  std::uint32_t dtmf_off_ms = 100;
  int dtmf_level_dbm0 = -10;
  double fax_share = 0.0;        // of connected calls: a fax machine (CNG calling, CED answering)
  double modem_share = 0.0;      // of our outgoing calls: answered by a modem (answer tone)
  double speech_share = 0.0;     // of the other connected calls: speech-like audio
  std::string tone_zone = "us";  // country of the switch's call-progress tones (libtonezone)
  bool progress_tones = false;   // dial tone while collecting digits, ringback while ringing
  bool listen = false;           // detect and record what our side sends (digits, tones); costs DSP
  // With progress_tones: busy tone, SIT or congestion before a refusal clears (0: at once).
  std::uint32_t refusal_tone_ms = 0;
  // Scripted callers ([[board.traffic.caller]]): each call the far end places towards us
  // draws one by share (the rest behave as the keys above say).
  std::vector<CallerScript> callers;
};

// Audio frame periods a board's I/O runs (G.711 frames of 8 octets per ms per channel).
inline constexpr std::uint32_t kFramePeriodsMs[] = {10, 20, 30, 40};
inline constexpr std::uint32_t kDefaultFramePeriodMs = 20;
constexpr bool valid_frame_period(std::uint32_t ms) {
  for (std::uint32_t p : kFramePeriodsMs) {
    if (p == ms) return true;
  }
  return false;
}

struct BoardConfig {
  std::string name;                                // unique
  std::string driver = "sim";                      // "sim" or "dahdi"
  std::uint32_t frame_ms = kDefaultFramePeriodMs;  // bearer audio frame period (kFramePeriodsMs)
  std::vector<SpanConfig> spans;
  TrafficProfile traffic;  // sim only
};

// How spans map onto worker threads (DESIGN.md §3).
struct EngineConfig {
  // 0 = automatic: a thread per span while spans <= cores, else one worker per core.
  int workers = 0;
  // Spin this long before sleeping when a worker (or the dispatcher) runs out of work: only
  // while every provider thread has a core of its own, unless spin_always.
  std::uint32_t spin_us = 20;
  // Spin even when threads outnumber cores (the perf suite measures the policy both ways).
  bool spin_always = false;
  // Commands/events drained per batch before a worker looks at its other duties.
  std::uint32_t batch = 64;
  // Width of the HDRVLINE/HDRVCALL handles: 0 = the platform's pointer width; 32 runs
  // 32-bit Windows' narrow handles on a 64-bit build (tests of generation wrap-around).
  std::uint32_t handle_bits = 0;
};

struct ProviderConfig {
  std::string source;  // file it came from (for messages)
  std::string name = "SpanTSP";
  EngineConfig engine;
  std::vector<BoardConfig> boards;
};

// A line as the provider exposes it, in configuration order: one bearer channel, or a trunk
// group (channel 0, its channels in `group_channels`).
struct LineInventoryEntry {
  std::string board;
  int span = 0;
  int channel = 0;
  std::string name;
  std::string number;
  int group = -1;  // index in SpanConfig::groups, -1 for a per-channel line
  std::vector<int> group_channels;
  HuntPolicy hunt = HuntPolicy::kAscending;
};

}  // namespace spantsp::config
