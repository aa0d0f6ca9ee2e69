#!/usr/bin/env python3
"""Writes the hand-made seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/).

The inputs follow each harness's input format (see the comment at the top of each
tests/fuzz/*_fuzz.cpp). The Q.931 seeds are real frames: make_q931_seeds.py extracts them from
a pcap trace of the sim. Run from anywhere: python3 tests/fuzz/make_seeds.py
"""
import json
import pathlib
import struct

HERE = pathlib.Path(__file__).resolve().parent


def write(target, name, data):
    folder = HERE / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


# --- dial_string: UTF-16LE text ----------------------------------------------------------------
for i, text in enumerate(["5551234", "+4930123456;", "9,1(555)123-4567", "T555|sub^name",
                          "W123", "12@3", "*67#ABCD", ""]):
    write("dial_string", f"seed{i}", text.encode("utf-16-le"))

# --- tspi_sequence: the harness's program (tspi_sequence_fuzz.cpp, step()) ---------------------
# Devices 0-3: ideal T1; 4-7: T1 PRI (tests/fuzz/data/sim-fuzz.toml). Numbers by index of
# kKnown: 0 answered, 1 busy, 2 rings, 4 plain, 6 partial "555;".
SIM_OPS = {"incoming": 0, "answer": 1, "clear": 2, "alarm": 3, "digits": 4, "redirected": 5,
           "restart_channel": 6, "restart_span": 7, "service": 8, "drop": 9, "corrupt": 10}


def op_open(dev): return [0, dev]
def op_close(line): return [1, line]
def op_make(number, line): return [2, number, 0, 0, line]
def op_call(op, call): return [{"drop": 3, "answer": 4, "accept": 5, "dealloc": 7,
                                "close_now": 8}[op], call]
def op_dial(call, number): return [6, call, number]
def op_info(call): return [9, call, 100]
def op_status(call): return [10, call, 100]
def op_dev_status(line): return [11, line, 128]
def op_address_status(line): return [12, line, 0, 100]
def op_sim(op, line, cause=16, alarms=0, number=4): return [13, 0, SIM_OPS[op], cause, alarms,
                                                            number, 0, 200, line]
def op_monitor(call): return [15, call, 0]
def op_generate(call): return [16, call, 4, 50]
def op_stale(i): return [17, i, 100]
def op_wait(ms): return [19, ms]


def program(*steps):
    return bytes(b for step in steps for b in step)


write("tspi_sequence", "outgoing_ideal", program(
    op_open(0), op_make(0, 0), op_wait(20), op_info(0), op_status(0), op_monitor(0),
    op_generate(0), op_call("drop", 0), op_wait(10), op_call("dealloc", 0), op_stale(0),
    op_close(0)))
write("tspi_sequence", "outgoing_pri", program(
    op_open(4), op_wait(31), op_make(0, 0), op_wait(31), op_status(0), op_call("drop", 0),
    op_wait(20), op_call("dealloc", 0), op_close(0)))
write("tspi_sequence", "incoming_ideal", program(
    op_open(1), op_sim("incoming", 0), op_wait(10), op_call("accept", 0), op_call("answer", 0),
    op_wait(10), op_info(0), op_sim("clear", 0), op_wait(10), op_call("dealloc", 0)))
write("tspi_sequence", "incoming_pri", program(
    op_open(5), op_wait(31), op_sim("incoming", 0), op_wait(20), op_call("answer", 0),
    op_wait(20), op_sim("clear", 0), op_wait(20), op_call("dealloc", 0)))
write("tspi_sequence", "alarms", program(
    op_open(0), op_open(4), op_wait(31), op_make(2, 0), op_make(2, 1), op_wait(10),
    op_sim("alarm", 0, alarms=1), op_sim("alarm", 1, alarms=4), op_wait(10), op_dev_status(0),
    op_sim("alarm", 0, alarms=0), op_sim("alarm", 1, alarms=0), op_wait(20), op_close(0),
    op_close(1)))
write("tspi_sequence", "pri_faults", program(
    op_open(6), op_wait(31), op_make(0, 0), op_sim("drop", 0, cause=3),
    op_sim("corrupt", 0, cause=2, alarms=1), op_wait(31), op_sim("restart_channel", 0),
    op_sim("service", 0, alarms=2), op_wait(20), op_sim("restart_span", 0), op_wait(31),
    op_call("close_now", 0), op_close(0)))
write("tspi_sequence", "glare_and_overlap", program(
    op_open(2), op_make(6, 0), op_sim("incoming", 0), op_dial(0, 4), op_wait(10),
    op_address_status(0), op_call("dealloc", 0), op_call("dealloc", 1), op_close(0)))

# --- ui_channel: [repairs][reply space / 64][header][JSON] -------------------------------------
MAGIC, VERSION = 0x49555053, 1


def ui_block(kind, payload, repairs=7, space=16):
    body = json.dumps(payload).encode()
    header = struct.pack("<IHHIIiI2I", MAGIC, VERSION, kind, 32 + len(body), len(body), 0, 0, 0, 0)
    return bytes([repairs, space]) + header + body


TOML = open(HERE / "data" / "sim-fuzz.toml").read()
write("ui_channel", "get_config", ui_block(1, {}))
write("ui_channel", "validate_toml", ui_block(2, {"toml": TOML}))
write("ui_channel", "validate_model", ui_block(2, {"model": {"provider": {"name": "x"},
                                                             "board": []}}))
write("ui_channel", "save_bad", ui_block(3, {"toml": "[[board]]\nname = 1\n"}))
write("ui_channel", "monitor_line", ui_block(6, {}, repairs=7 | 8 | 0x10))
write("ui_channel", "raw_header", ui_block(1, {}, repairs=0, space=0))
write("ui_channel", "too_small", ui_block(6, {}, space=0))

# --- ui_http: raw requests with {T} token, {C} CSRF, {H} host:port -----------------------------


def get(path, extra=""):
    return f"GET /{{T}}{path} HTTP/1.1\r\nHost: {{H}}\r\n{extra}\r\n"


def post(path, body, extra=""):
    return (f"POST /{{T}}{path} HTTP/1.1\r\nHost: {{H}}\r\nX-SpanTSP-CSRF: {{C}}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body.encode())}\r\n{extra}"
            f"\r\n{body}")


write("ui_http", "page", get("/"))
write("ui_http", "config", get("/api/config"))
write("ui_http", "monitor", get("/api/monitor"))
write("ui_http", "events", get("/events"))
write("ui_http", "validate_toml", post("/api/validate", json.dumps({"toml": TOML})))
write("ui_http", "validate_model", post("/api/validate", json.dumps(
    {"model": {"provider": {"name": "x"}, "board": [{"name": "b", "driver": "sim"}]}})))
write("ui_http", "save_invalid", post("/api/save", json.dumps({"toml": "[engine]\nworkers = -1\n"})))
write("ui_http", "cancel", post("/api/cancel", "{}"))
write("ui_http", "bad_origin", post("/api/validate", "{}", "Origin: http://evil.example\r\n"))
write("ui_http", "no_csrf", get("/api/config").replace("GET", "POST", 1))
write("ui_http", "chunked", "POST /{T}/api/validate HTTP/1.1\r\nHost: {H}\r\nX-SpanTSP-CSRF: {C}\r\n"
      "Transfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n")

# --- config_loader: TOML text (the shipped configurations and tests/config/data are seeds too) --
write("config_loader", "sim_fuzz", TOML)
write("config_loader", "edges", '[provider]\nname = "\\u00e9\\U0001F600"\n[engine]\nworkers = 0\n'
      'spin_us = 9223372036854775807\n[[board]]\nname = "b"\ndriver = "sim"\n[[board.span]]\n'
      'id = 1\ntype = "e1"\nsignalling = "pri_net"\nswitchtype = "qsig"\nchannels = "1-15,17-31"\n'
      'line_number = "{span:09}{n:09}"\n[[board.span.line]]\nchannel = 3\nname = ""\n')
