// Broken files, one rule (or a family of rules) each: every violation is reported, in file
// order, with the line and column of the offending value (or of its table when a key is
// missing), the dotted field path and a message that says what is allowed.

#include <gtest/gtest.h>

#include "config/config_loader.h"
#include "config_test_support.h"

namespace spantsp::config {
namespace {

using testing::data_file;
using testing::expect_errors;

LoadResult load(const std::string& name) {
  return load_config_file(data_file(name));
}

TEST(ConfigErrors, UnknownKeysAreReportedAtEveryLevelWithASuggestion) {
  expect_errors(
      load("unknown_keys.toml"),
      {
          {5, 2, "engin", "unknown key 'engin' in the top level (did you mean 'engine'?)"},
          {10, 1, "board[0].drivr", "(did you mean 'driver'?); allowed: name, driver"},
          {13, 1, "board[0].traffic.busy_shar", "did you mean 'busy_share'?"},
          {19, 1, "board[0].span[0].framng", "in [[board.span]] (did you mean 'framing'?)"},
          {23, 1, "board[0].span[0].line[0].nmae", "allowed: channel, name, number"},
      });
}

TEST(ConfigErrors, WrongValueTypesNameTheExpectedType) {
  expect_errors(load("wrong_types.toml"),
                {
                    {3, 11, "engine.workers", "must be an integer, not a string"},
                    {4, 9, "engine.batch", "must be an integer, not a float"},
                    {7, 8, "board[0].name", "must be a string, not an integer"},
                    {10, 14, "board[0].traffic.busy_share", "must be a number, not a string"},
                    {11, 8, "board[0].traffic.seed", "must be an integer, not a float"},
                    {14, 6, "board[0].span[0].id", "must be an integer, not a string"},
                    {17, 8, "board[0].span[0].crc4", "must be a boolean (true or false)"},
                    {18, 12, "board[0].span[0].channels", "must be a string, not an integer"},
                });
}

TEST(ConfigErrors, UnknownWordsListTheAllowedWords) {
  expect_errors(
      load("enum_words.toml"),
      {
          {4, 10, "board[0].driver", "unknown driver 'wanpipe'; allowed: sim, dahdi"},
          {8, 8, "board[0].span[0].type", "unknown type 'j1'; allowed: t1, e1"},
          {9, 14, "board[0].span[0].signalling",
           "unknown signalling 'pri'; allowed: pri_cpe, pri_net, ideal, cas, mfcr2"},
          {15, 11, "board[0].span[1].framing", "unknown framing 'sf'; allowed: d4, esf, cas, ccs"},
          // Words are lowercase, as in chan_dahdi.conf.
          {16, 10, "board[0].span[1].coding", "unknown coding 'B8ZS'; allowed: ami, b8zs, hdb3"},
          {17, 14, "board[0].span[1].switchtype",
           "unknown switchtype 'ni2'; allowed: national, ni1, dms100, 4ess, 5ess, euroisdn, qsig"},
      });
}

TEST(ConfigErrors, SpanIdsAreUniqueAcrossBoardsAndWithin1To255BoardNamesUniqueAndNonEmpty) {
  expect_errors(load("ids_and_names.toml"),
                {
                    {11, 6, "board[0].span[1].id", "between 1 and 255; got 0"},
                    {16, 8, "board[1].name", "board name 'sim0' is already used by board[0]"},
                    {19, 6, "board[1].span[0].id", "span id 1 is already used by board[0].span[0]"},
                    {24, 6, "board[1].span[1].id", "between 1 and 255; got 256"},
                    {29, 8, "board[2].name", "must not be empty"},
                });
}

TEST(ConfigErrors, FramingCodingAndCrc4MustFitTheSpanType) {
  expect_errors(load("type_mismatch.toml"),
                {
                    {9, 11, "board[0].span[0].framing",
                     "framing 'ccs' does not fit a T1 span; allowed for T1: d4, esf"},
                    {10, 10, "board[0].span[0].coding",
                     "line coding 'hdb3' does not fit a T1 span; allowed for T1: ami, b8zs"},
                    {11, 8, "board[0].span[0].crc4", "crc4 applies only to E1 spans"},
                    {17, 11, "board[0].span[1].framing",
                     "framing 'esf' does not fit an E1 span; allowed for E1: cas, ccs"},
                    {18, 10, "board[0].span[1].coding",
                     "line coding 'b8zs' does not fit an E1 span; allowed for E1: ami, hdb3"},
                });
}

TEST(ConfigErrors, DspChannelsIsBoundedByTheSpanAndOnlyForIdealSpans) {
  // Span 1's bound is fine; span 2 has 12 channels; CAS signals in-band on every call.
  expect_errors(load("dsp_channels.toml"),
                {
                    {16, 16, "board[0].span[1].dsp_channels",
                     "must be between 0 (every channel) and the span's 12 channels; got 13"},
                    {22, 16, "board[0].span[2].dsp_channels",
                     "dsp_channels applies only to spans with signalling \"ideal\""},
                });
}

TEST(ConfigErrors, SignallingRequirementsAreErrorsButT1PriOnD4IsLegal) {
  // Span 1 is T1 PRI on D4 with AMI: only the AMI is an error. Span 6 (T1 CAS, D4, AMI) is fine.
  expect_errors(
      load("signalling_requirements.toml"),
      {
          {10, 10, "board[0].span[0].coding", "PRI on T1 requires b8zs line coding"},
          {16, 11, "board[0].span[1].framing", "PRI on E1 requires ccs framing"},
          {22, 11, "board[0].span[2].framing", "cas signalling on E1 requires cas framing"},
          {23, 14, "board[0].span[2].switchtype", "switchtype applies only to PRI spans"},
          {28, 14, "board[0].span[3].signalling", "mfcr2 runs on E1 spans only"},
          {34, 11, "board[0].span[4].framing", "mfcr2 on E1 requires cas framing"},
      });
}

TEST(ConfigErrors, ChannelsMustBeBearersOfTheSpanAndListedOnce) {
  // Span 3 (T1 CAS, 1-24) is legal: only PRI gives channel 24 to the D channel.
  expect_errors(load("channel_ranges.toml"),
                {
                    {9, 12, "board[0].span[0].channels",
                     "channels 0,16 are not bearers of an E1 span; allowed: 1-15,17-31"},
                    {15, 12, "board[0].span[1].channels",
                     "channel 24 is not a bearer of a T1 PRI span (24 carries the D channel); "
                     "allowed: 1-23"},
                    {27, 12, "board[0].span[3].channels", "channels 32-40 are not bearers"},
                    {27, 12, "board[0].span[3].channels", "channel 5 is listed more than once"},
                });
}

TEST(ConfigErrors, MalformedChannelListsAreErrors) {
  expect_errors(load("channel_syntax.toml"),
                {
                    {9, 12, "board[0].span[0].channels", "range '5-3' runs backwards"},
                    {15, 12, "board[0].span[1].channels", "'a' is not a channel number"},
                    {21, 12, "board[0].span[2].channels", "channel list is empty"},
                    {27, 12, "board[0].span[3].channels", "'1,,2' has an empty element"},
                    {33, 12, "board[0].span[4].channels", "has a number above 9999"},
                });
}

TEST(ConfigErrors, LineOverridesNameAListedChannelOnceWithUsableText) {
  expect_errors(
      load("line_overrides.toml"),
      {
          {12, 11, "board[0].span[0].line[0].channel",
           "channel 16 is not one of this span's lines (channels 1-15)"},
          {20, 11, "board[0].span[0].line[2].channel",
           "channel 3 is already overridden by board[0].span[0].line[1]"},
          {23, 1, "board[0].span[0].line[3].channel",
           "missing required key 'channel' in [[board.span.line]]"},
          {28, 8, "board[0].span[0].line[4].name", "must not be empty; leave the key out"},
          {29, 10, "board[0].span[0].line[4].number", "'a' is not allowed"},
      });
}

TEST(ConfigErrors, GroupsTakeSpanChannelsOnceWithANameADialableNumberAndAHuntWord) {
  expect_errors(
      load("groups.toml"),
      {
          {13, 11, "board[0].span[0].line[0].channel",
           "channel 2 is in board[0].span[0].group[0], so it is no line of its own to override"},
          {18, 12, "board[0].span[0].group[0].channels",
           "channel 22 is not among this span's channels (1-20)"},
          {23, 12, "board[0].span[0].group[1].channels",
           "channel 4 is already in board[0].span[0].group[0]; a channel belongs to one group"},
          {24, 8, "board[0].span[0].group[1].hunt",
           "unknown hunt 'random'; allowed: ascending, descending, round_robin, lru, g, G, r"},
          {27, 8, "board[0].span[0].group[2].name", "must not be blank"},
          {28, 10, "board[0].span[0].group[2].number", "must be digits"},
          {33, 12, "board[0].span[0].group[3].channels", "channel list is empty"},
          {34, 1, "board[0].span[0].group[3].hntu", "did you mean 'hunt'?"},
      });
}

TEST(ConfigErrors, GroupJoinsNameAnEarlierSpansGroupOncePerSpanOfTheSameKind) {
  expect_errors(
      load("group_joins.toml"),
      {
          {18, 8, "board[0].span[0].group[1].join",
           "this span already takes part in group 'Sales' (board[0].span[0].group[0])"},
          {22, 8, "board[0].span[0].group[2].join",
           "join 'Support' names no group defined on an earlier span"},
          {31, 11, "board[0].span[1].line[0].channel",
           "channel 3 is in board[0].span[1].group[0], so it is no line of its own"},
          {39, 8, "board[0].span[1].group[1].join",
           "this span already takes part in group 'Sales'"},
          {43, 8, "board[0].span[1].group[2].join",
           "this span already takes part in group 'Sales'"},
          {44, 8, "board[0].span[1].group[2].name",
           "name belongs to the joined group 'Sales'; a group with `join` takes the joined "
           "group's name, number and hunt"},
          {45, 12, "board[0].span[1].group[2].channels",
           "channel 10 is already in board[0].span[1].group[0]"},
          {53, 8, "board[0].span[2].group[0].join", "group 'Sales' is on a T1 'pri_cpe"},
      });
}

TEST(ConfigErrors, TrafficSharesRatesAndRanges) {
  expect_errors(
      load("traffic_rules.toml"),
      {
          // The sum is reported at the [board.traffic] table; each share alone is fine.
          {6, 1, "board[0].traffic",
           "busy_share + no_answer_share + reject_share is 1.1; the three outcomes of an "
           "outgoing call must add up to at most 1"},
          {7, 29, "board[0].traffic.incoming_calls_per_second", "must be a number >= 0"},
          {8, 7, "board[0].traffic.ani", "range 5-3 runs backwards"},
          {9, 8, "board[0].traffic.dnis", "'12x4' is not a number or a range of numbers"},
          {10, 16, "board[0].traffic.hold_time_ms", "must be between 0 and 4294967295; got -1"},
          {14, 23, "board[0].traffic.remote_hangup_share", "must be between 0 and 1; got 1.5"},
          {15, 15, "board[0].traffic.glare_share", "must be between 0 and 1; got -0.1"},
          {26, 1, "board[1].traffic", "only driver \"sim\" takes it"},
      });
}

TEST(ConfigErrors, FarEndSoundKeys) {
  expect_errors(
      load("traffic_sound.toml"),
      {
          {5, 1, "board[0].traffic", "fax_share + modem_share is 1.2"},
          {7, 14, "board[0].traffic.dtmf_share", "must be between 0 and 1; got 2"},
          {8, 15, "board[0].traffic.dtmf_digits", "'E' is not a DTMF digit"},
          {9, 17, "board[0].traffic.dtmf_delay_ms", "must be between 0 and 60000; got 70000"},
          {10, 14, "board[0].traffic.dtmf_on_ms", "must be between 40 and 1000; got 10"},
          {11, 19, "board[0].traffic.dtmf_level_dbm0", "must be between -40 and 0; got 3"},
          {14, 13, "board[0].traffic.tone_zone", "must be a two-letter country code"},
          {15, 18, "board[0].traffic.progress_tones", "must be a boolean (true or false)"},
          {16, 19, "board[0].traffic.refusal_tone_ms", "must be between 0 and 30000; got 40000"},
          {28, 15, "board[1].traffic.dtmf_digits", "must hold 1 to 32 characters; got 0"},
      });
}

TEST(ConfigErrors, ScriptedCallers) {
  expect_errors(load("traffic_callers.toml"),
                {
                    {7, 1, "board[0].traffic.caller", "the callers' shares add up to 1.25"},
                    {10, 10, "board[0].traffic.caller[0].digits", "'X' is not a DTMF digit"},
                    {11, 19, "board[0].traffic.caller[0].digits_delay_ms",
                     "must be between 0 and 600000; got 700000"},
                    {16, 14, "board[0].traffic.caller[1].hang_up_ms", "must be"},
                    {17, 1, "board[0].traffic.caller[1].spoken", "unknown key"},
                });
}

TEST(ConfigErrors, FramePeriodIsOneOfTheAllowedValues) {
  expect_errors(
      load("frame_period.toml"),
      {
          {4, 12, "board[0].frame_ms", "audio frame period must be 10, 20, 30 or 40 ms; got 25"},
          {13, 12, "board[1].frame_ms", "audio frame period must be 10, 20, 30 or 40 ms; got 0"},
      });
}

TEST(ConfigErrors, EngineLimits) {
  expect_errors(load("engine_limits.toml"),
                {
                    {3, 11, "engine.workers", "must be between 0 and 1024 (0 = automatic)"},
                    {4, 11, "engine.spin_us", "must be between 0 and 4294967295; got -5"},
                    {5, 9, "engine.batch", "must be between 1 and 4096; got 0"},
                });
}

TEST(ConfigErrors, TemplatesUseKnownPlaceholdersNamesAreNonEmptyNumbersDialable) {
  expect_errors(load("templates.toml"),
                {
                    {9, 13, "board[0].span[0].line_name", "must give every line a non-empty name"},
                    {10, 15, "board[0].span[0].line_number", "'-' is not allowed"},
                    {16, 13, "board[0].span[1].line_name", "unknown placeholder {spam}"},
                    {17, 15, "board[0].span[1].line_number", "unknown placeholder {n:3}"},
                    {23, 13, "board[0].span[2].line_name", "'{' without its '}'"},
                    {24, 15, "board[0].span[2].line_number", "'+' is not allowed"},
                });
}

TEST(ConfigErrors, MissingRequiredKeysAreReportedAtTheirTable) {
  // Nothing else is reported for the span: rules never run on a value that is not there.
  expect_errors(load("missing_required.toml"),
                {
                    {2, 1, "board[0].name", "missing required key 'name' in [[board]]"},
                    {5, 1, "board[0].span[0].id", "missing required key 'id'"},
                    {5, 1, "board[0].span[0].type", "missing required key 'type'"},
                    {5, 1, "board[0].span[0].signalling", "missing required key 'signalling'"},
                    {8, 1, "board[0].span[0].line[0].channel", "missing required key 'channel'"},
                });
}

TEST(ConfigErrors, AtLeastOneBoardIsRequired) {
  expect_errors(load("no_boards.toml"),
                {{1, 1, "board", "at least one [[board]] with a [[board.span]] is required"}});
}

TEST(ConfigErrors, EveryBoardNeedsASpan) {
  expect_errors(load("board_without_spans.toml"),
                {{1, 1, "board[0].span", "every board needs at least one span"}});
}

TEST(ConfigErrors, TraceIsANonEmptyFileOfItsOwnOnASimPriSpan) {
  expect_errors(load("trace.toml"),
                {
                    {15, 9, "board[0].span[1].trace", "must not be empty; leave the key out"},
                    {21, 9, "board[0].span[2].trace", "applies only to PRI spans"},
                    {27, 9, "board[0].span[3].trace",
                     "trace file '/tmp/span1.pcap' is already written by board[0].span[0]"},
                    {33, 9, "board[0].span[4].trace", "must be a string, not an integer"},
                    {43, 9, "board[1].span[0].trace", "driver \"sim\" boards only"},
                });
}

TEST(ConfigErrors, DchannelBacklogIsABoundOfZeroTo1000FramesOnAPriSpan) {
  // Span 1 (0: no bound) and span 6 (1000) are legal.
  expect_errors(
      load("dchannel_backlog.toml"),
      {
          {15, 20, "board[0].span[1].dchannel_backlog", "between 0 and 1000; got 1001"},
          {21, 20, "board[0].span[2].dchannel_backlog", "applies only to PRI spans"},
          {27, 20, "board[0].span[3].dchannel_backlog", "between 0 and 4294967295; got -1"},
          {33, 20, "board[0].span[4].dchannel_backlog", "must be an integer, not a string"},
      });
}

TEST(ConfigErrors, TablesAndArraysOfTablesMustHaveTheirShape) {
  expect_errors(load("structure.toml"),
                {
                    {2, 10, "engine", "must be a table ([engine]), not an integer"},
                    {4, 1, "board", "write each one under its own [[board]] header, not a table"},
                });
}

TEST(ConfigErrors, SyntaxErrorIsOneErrorAtTheParsersPosition) {
  const LoadResult result = load("syntax_error.toml");
  expect_errors(result, {{6, 11, "", "Error while parsing string"}});
  EXPECT_EQ(result.errors[0].file, data_file("syntax_error.toml"));
}

TEST(ConfigErrors, FiveIndependentErrorsGiveFive) {
  const LoadResult result = load("five_errors.toml");
  expect_errors(result, {
                            {6, 9, "engine.batch", "between 1 and 4096"},
                            {12, 14, "board[0].traffic.busy_share", "between 0 and 1; got 2"},
                            {18, 11, "board[0].span[0].framing", "does not fit an E1 span"},
                            {19, 12, "board[0].span[0].channels", "channel 16 is not a bearer"},
                            {23, 1, "board[0].span[0].line[0].colour", "unknown key 'colour'"},
                        });
  for (const ConfigError& error : result.errors) {
    EXPECT_EQ(error.file, data_file("five_errors.toml"));
  }
}

}  // namespace
}  // namespace spantsp::config
