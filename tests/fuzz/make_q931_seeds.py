#!/usr/bin/env python3
"""Turns a pcap trace of a sim PRI span (config key `trace`, README "Capturing a PRI span's D
channel") into seeds of the q931 fuzz target: for every call, the far end's Q.931 messages in
order, with our part (place the call, or answer the far end's) between them, in the harness's
record format (tests/fuzz/q931_fuzz.cpp).

  python3 tests/fuzz/make_q931_seeds.py TRACE.pcap [OUT_DIR]

How the seeds in tests/fuzz/corpus/q931 were made (a T1 PRI span, CPE, NI-2, channels 1-4):
  tapihost run --config tests/fuzz/data/q931-capture.toml --duration 4 --outbound-rate 2 \
      --hold 0.2 --dial 99005550000-99005550099
  python3 tests/fuzz/make_q931_seeds.py /tmp/spantsp-q931-capture.pcap
"""
import pathlib
import struct
import sys

FAR_END = 0  # pkttype of the far end's frames (pcap_trace.h); ours are 4
SETUP = 0x05


def frames(path):
    data = pathlib.Path(path).read_bytes()
    magic, = struct.unpack_from("<I", data, 0)
    endian = "<" if magic == 0xA1B2C3D4 else ">"
    at = 24
    while at + 16 <= len(data):
        _, _, caplen, _ = struct.unpack_from(endian + "IIII", data, at)
        at += 16
        record = data[at:at + caplen]
        at += caplen
        pkttype, = struct.unpack_from(">H", record, 0)
        yield pkttype, record[16:]


def q931_of(frame):
    """The Q.931 message of an I-frame, else None."""
    if len(frame) < 5 or frame[2] & 0x01:
        return None
    message = frame[4:]
    return message if message and message[0] == 0x08 else None


def call_reference(message):
    length = message[1] & 0x0F
    value = message[2:2 + length]
    return bytes([value[0] & 0x7F]) + value[1:] if value else b""


def main():
    trace = sys.argv[1]
    out = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else
                       pathlib.Path(__file__).resolve().parent / "corpus" / "q931")
    out.mkdir(parents=True, exist_ok=True)
    calls = {}
    for pkttype, frame in frames(trace):
        message = q931_of(frame)
        if message is None or pkttype != FAR_END:
            continue
        calls.setdefault(call_reference(message), []).append(message)
    written = 0
    for reference, messages in calls.items():
        if not reference or written >= 12:
            continue
        seed = bytearray()
        incoming = messages[0][2 + (messages[0][1] & 0x0F)] == SETUP
        if not incoming:
            seed += bytes([2, 3, 0, 0, 0])  # we place a call on channel 1
        for i, message in enumerate(messages):
            seed += bytes([0, len(message)]) + message
            if incoming and i == 0:
                seed += bytes([2, 3, 1, 0, 0])  # we answer
            seed += bytes([3, 1])  # 10 ms pass
        seed += bytes([2, 3, 3, 0, 16])  # and we release, whatever state the call is in
        (out / f"call{written:02d}_{'in' if incoming else 'out'}").write_bytes(bytes(seed))
        written += 1
    print(f"{written} seeds from {len(calls)} calls in {trace}")


if __name__ == "__main__":
    main()
