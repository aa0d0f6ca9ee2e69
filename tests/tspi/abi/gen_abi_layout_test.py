#!/usr/bin/env python3
"""Generates and runs the TSPI ABI layout checks (DESIGN.md §2).

Our TAPI/TSPI declarations (src/tspi/abi) must have exactly the layout of the Windows SDK's. This
script proves it against mingw-w64's tapi.h/tspi.h without any hand-written list of names:

  generate      Parses our headers and mingw-w64's, cross-checks the names (every struct, field,
                typedef, function and constant; fails loudly on anything missing on either side),
                and writes:
                  abi_layout_mingw.cpp   one TU holding both sets of declarations (ours in a
                                         namespace via SPANTSP_ABI_NAMESPACE_BEGIN/END, our
                                         constants captured into constexpr variables and our
                                         macros #undef'd before <windows.h>/<tapi.h>/<tspi.h>),
                                         with one static_assert per size, offset, field size,
                                         value, signature aspect. Compiled -fsyntax-only by each
                                         mingw-w64 compiler (ctest abi_layout_mingw_*).
                  abi_layout_probe.cpp   mingw-w64 only: the same measurements as numbers.
                  abi_layout_native.cpp  ours only: asserts those numbers, as captured from the
                                         x86_64 mingw-w64 compiler, on the host.
  native-check  Compiles the probe with x86_64 mingw-w64 to assembly, reads the numbers, and
                compiles abi_layout_native.cpp with the host compiler: the provider built on Linux
                uses the Windows x64 layout (ctest abi_layout_native_x86_64).
  check-headers Compiles each ABI header on its own with the warnings the tree builds with.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

# Constants we define that mingw-w64 lacks. Nothing else may be ours only.
OUR_ADDITIONS = {
    "TAPI_VERSION1_0": "Windows SDK tapi.h name, absent from mingw-w64",
    "TAPI_VERSION1_4": "Windows SDK tapi.h name, absent from mingw-w64",
    "TAPI_VERSION2_0": "Windows SDK tapi.h name, absent from mingw-w64",
    "TAPI_VERSION2_1": "Windows SDK tapi.h name, absent from mingw-w64",
    "TAPI_VERSION2_2": "Windows SDK tapi.h name, absent from mingw-w64",
    "TAPI_VERSION3_0": "Windows SDK tapi.h name, absent from mingw-w64",
    "TAPI_VERSION3_1": "Windows SDK tapi.h name, absent from mingw-w64",
}

# mingw-w64 macros we deliberately do not define (matched on the name, or on the value for
# aliases). Every other object-like macro of tapi.h/tspi.h must exist in tapi_constants.h.
NOT_OURS = [
    (r"^PHONE(?!ERR_)", None, "phone-device constant: SpanTSP has no phone devices (the "
                               "PHONEERR_* results of the TSPI_phone* stubs are kept)"),
    (r"^TAPIERR_", None, "assisted telephony (tapiRequestMakeCall) result: application side"),
    (r"^TAPIMAX", None, "assisted telephony request buffer size: application side"),
    (r"^TAPI_REPLY$", None, "window message (WM_USER + 99) for applications"),
    (r"^(TAPI_H|TSPI_H|GUID_DEFINED|__LPGUID_DEFINED__)$", None, "include guard"),
    (r"^TSPIAPI$", None, "calling-convention macro: in tapi_types.h, checked via signatures"),
    (r"^(LINEREQMAKECALL|LINEREQMEDIACALL)$", None, "UNICODE alias of an application structure"),
    (r"", r"__MINGW_NAME_AW", "ANSI/Unicode alias of a TAPI application function"),
]

# Constants whose C++ type may differ from mingw-w64's in signedness (never in size or value).
SIGNEDNESS_MAY_DIFFER = [
    (r"^(LINE|PHONE)ERR_", "ours are LONG (negative results, tspi-contract §2); mingw-w64 uses "
                           "unsigned literals"),
]

OUR_HEADERS = ["tapi_types.h", "tapi_constants.h", "tapi_structs.h", "tspi_functions.h",
               "tspi_abi.h"]

FN_NAME = re.compile(r"^(TSPI|TUISPI)_\w+$")
IDENT = re.compile(r"^[A-Za-z_]\w*$")
PROBE_SENTINEL = 0x5350414E54535031  # "SPANTSP1": marks the end of the probe array.


class GenError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Lexing and parsing (just enough C for these headers)
# ---------------------------------------------------------------------------------------------

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def logical_lines(text):
    return strip_comments(text).replace("\\\n", " ").split("\n")


def parse_defines(text):
    """Object-like macros, in order: name -> value text."""
    out = {}
    for line in logical_lines(text):
        m = re.match(r"\s*#\s*define\s+([A-Za-z_]\w*)(\(?)(.*)$", line)
        if m and not m.group(2):
            out.setdefault(m.group(1), m.group(3).strip())
    return out


def all_macro_names(text):
    names = []
    for line in logical_lines(text):
        m = re.match(r"\s*#\s*define\s+([A-Za-z_]\w*)", line)
        if m and m.group(1) not in names:
            names.append(m.group(1))
    return names


def tokens(text):
    code = "\n".join(l for l in logical_lines(text) if not l.lstrip().startswith("#"))
    return re.findall(r'"[^"]*"|\'[^\']*\'|[A-Za-z_]\w*|0[xX][0-9A-Fa-f]+|\d+|\S', code)


SKIP_TOKENS = {"__C89_NAMELESS", "__MINGW_EXTENSION"}


def parse_members(toks, i):
    """Members of a struct/union body starting after '{'; returns (members, index after '}')."""
    members = []
    while toks[i] != "}":
        if toks[i] in SKIP_TOKENS:
            i += 1
            continue
        if toks[i] in ("struct", "union") and (toks[i + 1] == "{" or toks[i + 2] == "{"):
            kind = toks[i]
            i += 1 if toks[i + 1] == "{" else 2
            children, i = parse_members(toks, i + 1)
            decl = []
            while toks[i] != ";":
                decl.append(toks[i])
                i += 1
            i += 1
            name = decl[-1] if decl else None
            members.append({"name": name, "type": kind, "dims": [], "children": children,
                            "anonymous": name is None})
            continue
        stmt = []
        while toks[i] != ";":
            stmt.append(toks[i])
            i += 1
        i += 1
        members.extend(parse_declarators(stmt))
    return members, i + 1


def split_top(toks, sep=","):
    """Splits a token list at `sep` outside brackets; drops empty pieces."""
    parts, cur, depth = [], [], 0
    for t in toks:
        if t in "([{":
            depth += 1
        elif t in ")]}":
            depth -= 1
        if t == sep and depth == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    parts.append(cur)
    return [p for p in parts if p]


def declarator_name(part):
    """Index of the declared name in `TYPE **name[N]`: the last identifier not inside [...]."""
    return max(k for k, t in enumerate(part) if IDENT.match(t) and (
        k + 1 == len(part) or part[k + 1] in ("[", ",", ";")))


def parse_declarators(stmt):
    """`TYPE a, *b, c[4]` -> field records (type text without the declarator's stars)."""
    parts = split_top(stmt)
    base = [t for t in parts[0][:declarator_name(parts[0])] if t != "*"]
    out = []
    for p in parts:
        k = declarator_name(p)
        stars = "".join(t for t in p[:k] if t == "*")
        dims = re.findall(r"\[([^\]]*)\]", "".join(p[k + 1:]))
        typ = " ".join(base + ([stars] if stars else []))
        out.append({"name": p[k], "type": typ, "dims": dims, "children": [], "anonymous": False})
    return out


def parse_structs(text):
    """`typedef struct TAG { ... } NAME, *LPNAME;` -> {NAME: record}."""
    toks = tokens(text)
    structs = {}
    i = 0
    while i < len(toks):
        if toks[i] == "typedef" and toks[i + 1] in ("struct", "union"):
            j = i + 2
            tag = None
            if toks[j] != "{":
                tag = toks[j]
                j += 1
            if toks[j] != "{":
                i += 1
                continue
            members, j = parse_members(toks, j + 1)
            decl = []
            while toks[j] != ";":
                decl.append(toks[j])
                j += 1
            names = split_top(decl)
            plain = [n[-1] for n in names if "*" not in n]
            pointers = [n[-1] for n in names if "*" in n]
            structs[plain[0]] = {"tag": tag, "name": plain[0], "pointers": pointers,
                                 "members": members}
            i = j + 1
            continue
        i += 1
    return structs


def designators(members, prefix=""):
    """Every member reachable by name: `a`, `a.b`; members of anonymous unions are promoted."""
    out = []
    for m in members:
        if m["anonymous"]:
            out.extend(designators(m["children"], prefix))
            continue
        d = prefix + m["name"]
        out.append(d)
        if m["children"]:
            out.extend(designators(m["children"], d + "."))
    return out


def member_signature(members):
    return [(m["name"], m["type"], tuple(m["dims"]), m["anonymous"],
             tuple(member_signature(m["children"]))) for m in members]


def statements(toks):
    """Top-level declarations, split at ';'. `extern "C" { ... }` is transparent."""
    stmt, stack, i = [], [], 0
    while i < len(toks):
        t = toks[i]
        if toks[i:i + 3] == ["extern", '"C"', "{"]:
            stack.append("extern")
            i += 3
            continue
        i += 1
        if t == "}" and stack and stack[-1] == "extern":
            stack.pop()
            continue
        stmt.append(t)
        if t in "{(":
            stack.append(t)
        elif t in "})":
            stack.pop()
        if t == ";" and all(s == "extern" for s in stack):
            yield stmt
            stmt = []
    if stmt:
        yield stmt


def parse_functions(text):
    """`[attrs] LONG CC NAME(params);` for TSPI_*/TUISPI_* -> {NAME: record}."""
    toks = tokens(text)
    out = {}
    for stmt in statements(toks):
        for k, t in enumerate(stmt):
            if FN_NAME.match(t) and k + 1 < len(stmt) and stmt[k + 1] == "(":
                head = stmt[:k]
                body = stmt[k + 2:]
                depth, end = 1, 0
                for e, x in enumerate(body):
                    if x == "(":
                        depth += 1
                    elif x == ")":
                        depth -= 1
                        if depth == 0:
                            end = e
                            break
                params = [(" ".join(p[:-1]), p[-1]) for p in split_top(body[:end])]
                out[t] = {"head": head, "params": params}
                break
    return out


def parse_typedefs(text):
    """Typedef names of tapi_types.h, in order, and the parameter names of the function-pointer
    ones (`typedef R (CALLBACK *NAME)(params);`). Opaque handles come from a helper macro."""
    toks = [t for t in tokens(text) if t not in ("SPANTSP_ABI_NAMESPACE_BEGIN",
                                                   "SPANTSP_ABI_NAMESPACE_END")]
    names, fnptrs = [], {}
    for stmt in statements(toks):
        if stmt[:1] == ["SPANTSP_DECLARE_OPAQUE"]:
            names.append(stmt[2])
        elif stmt[:1] != ["typedef"]:
            continue
        elif "{" in stmt:
            close = len(stmt) - 1 - stmt[::-1].index("}")
            names.extend(p[-1] for p in split_top(stmt[close + 1:-1]))
        elif "(" in stmt:
            name = stmt[stmt.index("*") + 1]
            last_open = len(stmt) - 1 - stmt[::-1].index("(")
            names.append(name)
            fnptrs[name] = [p[-1] for p in split_top(stmt[last_open + 1:-2])]
        else:
            names.extend(p[-1] for p in split_top(stmt[1:-1]))
    return names, fnptrs


# ---------------------------------------------------------------------------------------------
# Cross-checking the names (fails before anything is compiled)
# ---------------------------------------------------------------------------------------------

def excluded_reason(name, value):
    for name_re, value_re, reason in NOT_OURS:
        if value_re is not None:
            if re.search(value_re, value):
                return reason
        elif re.search(name_re, name):
            return reason
    return None


def signedness_exempt(name):
    return any(re.search(p, name) for p, _ in SIGNEDNESS_MAY_DIFFER)


def cross_check(ours, mingw):
    errors = []

    # Constants.
    for name, value in mingw["defines"].items():
        if name not in ours["constants"] and excluded_reason(name, value) is None:
            errors.append(f"constant {name} (mingw-w64: {value}) is missing from tapi_constants.h")
    for name in ours["constants"]:
        if name not in mingw["defines"] and name not in OUR_ADDITIONS:
            errors.append(f"constant {name} is ours only and not in the OUR_ADDITIONS allow-list")

    # Structures: the ones TSPI functions take, tspi.h's own, and what those embed.
    required = set(mingw["tspi_structs"])
    for fn in mingw["functions"].values():
        for typ, _ in fn["params"]:
            for t in typ.split():
                if t.startswith("LP") and t[2:] in mingw["structs"]:
                    required.add(t[2:])
                elif t in mingw["structs"]:
                    required.add(t)
    todo = list(required)
    while todo:
        s = mingw["structs"][todo.pop()]
        stack = list(s["members"])
        while stack:
            m = stack.pop()
            stack.extend(m["children"])
            for t in m["type"].split():
                if t in mingw["structs"] and t not in required:
                    required.add(t)
                    todo.append(t)
    for name in sorted(required):
        if name not in ours["structs"] and name not in ours["type_structs"]:
            errors.append(f"structure {name} (used by mingw-w64's tspi.h) is missing from ours")
    for name, s in ours["structs"].items():
        theirs = mingw["structs"].get(name)
        if theirs is None:
            errors.append(f"structure {name} is ours only: not in mingw-w64's tapi.h/tspi.h")
            continue
        a, b = member_signature(s["members"]), member_signature(theirs["members"])
        if a != b:
            k = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
            errors.append(f"structure {name}: member #{k + 1} differs from mingw-w64's: "
                          f"ours {a[k] if k < len(a) else '<none>'}, "
                          f"mingw-w64 {b[k] if k < len(b) else '<none>'}")
        if sorted(s["pointers"]) != sorted(theirs["pointers"]):
            errors.append(f"structure {name}: pointer typedefs {s['pointers']} differ from "
                          f"mingw-w64's {theirs['pointers']}")
        if s["tag"] != theirs["tag"]:
            errors.append(f"structure {name}: tag {s['tag']} differs from mingw-w64's "
                          f"{theirs['tag']}")

    # Functions: the same set, the same parameter types and names, a calling-convention macro.
    for name in mingw["functions"]:
        if name not in ours["functions"]:
            errors.append(f"function {name} is missing from tspi_functions.h")
    for name, fn in ours["functions"].items():
        theirs = mingw["functions"].get(name)
        if theirs is None:
            errors.append(f"function {name} is ours only: not in mingw-w64's tspi.h")
            continue
        if fn["params"] != theirs["params"]:
            errors.append(f"function {name}: parameters {fn['params']} differ from mingw-w64's "
                          f"{theirs['params']}")
        if "TSPIAPI" not in fn["head"] or "LONG" not in fn["head"] or \
                "SPANTSP_TSPI_EXPORT" not in fn["head"]:
            errors.append(f"function {name}: must be declared SPANTSP_TSPI_EXPORT LONG TSPIAPI")
    return errors


# ---------------------------------------------------------------------------------------------
# Measurements: the same expressions evaluated on our declarations and on mingw-w64's
# ---------------------------------------------------------------------------------------------

class Side:
    """How one set of declarations is named inside a given translation unit. Measurement
    templates write {t:NAME} for a type, {k:NAME} for a constant, {f:NAME} for a function."""

    def __init__(self, type_fmt, const_fmt, fn_fmt):
        self.fmt = {"t": type_fmt, "k": const_fmt, "f": fn_fmt}

    def expand(self, template):
        return re.sub(r"\{([tkf]):(\w+)\}", lambda m: self.fmt[m.group(1)].format(m.group(2)),
                      template)


OURS_BESIDE_MINGW = Side("spantsp_ours::{}", "spantsp_ours_values::k_{}",
                         "spantsp_ours::spantsp_ours_{}")
GLOBAL = Side("::{}", "({})", "::{}")

T = "spantsp_abi_test::"


def fn_measurements(label, fntype, param_names):
    """fntype: template naming a function-pointer type."""
    fn = f"{T}fn<{fntype}>"
    out = [
        (f"{label}: number of parameters", f"{fn}::arity", "eq"),
        (f"{label}: calling convention (__stdcall on 32-bit Windows)", f"{fn}::is_stdcall", "eq"),
        (f"{label}: return type size", f"{T}size_of<{fn}::ret>()", "eq"),
        (f"{label}: return type kind", f"{T}kind_code<{fn}::ret>()", "eq"),
    ]
    for i, param in enumerate(param_names):
        p, pt = f"{label} parameter {i + 1} ({param})", f"{T}param_t<{fntype}, {i}>"
        out += [
            (f"{p}: size", f"sizeof({pt})", "eq"),
            (f"{p}: kind/signedness", f"{T}kind_code<{pt}>()", "eq"),
            (f"{p}: pointee", f"{T}pointee_code<{pt}>()", "pointee"),
        ]
    return out


def build_measurements(ours, counts):
    """(label, template, comparison) for everything we declare."""
    m = []
    for name, s in list(ours["type_structs"].items()) + list(ours["structs"].items()):
        counts["structs"] += 1
        t = f"{{t:{name}}}"
        m.append((f"{name}: sizeof", f"sizeof({t})", "eq"))
        m.append((f"{name}: alignof", f"alignof({t})", "eq"))
        for d in designators(s["members"]):
            counts["fields"] += 1
            m.append((f"{name}.{d}: offset", f"offsetof({t}, {d})", "eq"))
            m.append((f"{name}.{d}: size", f"sizeof(std::declval<{t}&>().{d})", "eq"))
        for p in s["pointers"]:
            m.append((f"{p}: is a pointer to {name}", f"std::is_same_v<{{t:{p}}}, {t}*>", "eq"))
    for name in ours["typedefs"]:
        counts["types"] += 1
        t = f"{{t:{name}}}"
        m.append((f"type {name}: sizeof", f"sizeof({t})", "eq"))
        m.append((f"type {name}: alignof", f"alignof({t})", "eq"))
        m.append((f"type {name}: kind/signedness", f"{T}kind_code<{t}>()", "eq"))
        m.append((f"type {name}: pointee", f"{T}pointee_code<{t}>()", "pointee"))
        if name in ours["fnptrs"]:
            m += fn_measurements(f"type {name}", t, ours["fnptrs"][name])
    for name, fn in ours["functions"].items():
        counts["functions"] += 1
        m += fn_measurements(name, f"decltype(&{{f:{name}}})", [p[1] for p in fn["params"]])
    for name in ours["constants"]:
        if name in OUR_ADDITIONS and name not in ours["mingw_defines"]:
            continue
        counts["constants"] += 1
        k = f"{{k:{name}}}"
        m.append((f"constant {name}: value", f"{T}bits32({k})", "eq"))
        m.append((f"constant {name}: type size", f"sizeof({k})", "eq"))
        if signedness_exempt(name):
            counts["signedness_exempt"] += 1
        else:
            m.append((f"constant {name}: type signedness",
                      f"std::is_signed_v<std::remove_cvref_t<decltype({k})>>", "eq"))
    counts["assertions"] = len(m)
    return m


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def assertion(label, cmp, ours_expr, theirs_expr, against):
    msg = c_string(f"{label} differs from {against}")
    if cmp == "pointee":
        return f"static_assert({T}pointee_match({ours_expr}, {theirs_expr}), {msg});"
    return f"static_assert({ours_expr} == {theirs_expr}, {msg});"


# ---------------------------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------------------------

HEADER = "// Generated by tests/tspi/abi/gen_abi_layout_test.py from {sources}. Do not edit.\n"


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def load(args):
    abi = args.abi_dir
    ours_text = {h: read(os.path.join(abi, h)) for h in OUR_HEADERS}
    tapi, tspi = read(args.mingw_tapi), read(args.mingw_tspi)
    mingw = {
        "defines": {**parse_defines(tapi), **parse_defines(tspi)},
        "structs": {**parse_structs(tapi), **parse_structs(tspi)},
        "tspi_structs": list(parse_structs(tspi)),
        "functions": parse_functions(tspi),
    }
    typedefs, fnptrs = parse_typedefs(ours_text["tapi_types.h"])
    structs = parse_structs(ours_text["tapi_structs.h"])
    ours = {
        "constants": parse_defines(ours_text["tapi_constants.h"]),
        "structs": structs,
        "type_structs": parse_structs(ours_text["tapi_types.h"]),
        "typedefs": typedefs + [p for s in structs.values() for p in s["pointers"]],
        "fnptrs": fnptrs,
        "functions": parse_functions(ours_text["tspi_functions.h"]),
        "macros": [n for h in OUR_HEADERS for n in all_macro_names(ours_text[h])],
        "mingw_defines": mingw["defines"],
    }
    if not structs or not ours["functions"] or not ours["constants"]:
        raise GenError("could not parse our ABI headers (no structs, functions or constants)")
    if not mingw["structs"] or not mingw["functions"] or not mingw["defines"]:
        raise GenError("could not parse mingw-w64's tapi.h/tspi.h")
    return ours, mingw


def generate(args):
    ours, mingw = load(args)
    errors = cross_check(ours, mingw)
    if errors:
        raise GenError("ABI declarations do not match mingw-w64's headers:\n  "
                       + "\n  ".join(errors))
    counts = {"structs": 0, "fields": 0, "types": 0, "functions": 0, "constants": 0,
              "signedness_exempt": 0}
    measurements = build_measurements(ours, counts)
    sources = "src/tspi/abi and mingw-w64's tapi.h/tspi.h"
    summary = (f"{counts['structs']} structs, {counts['fields']} fields, {counts['types']} types, "
               f"{counts['functions']} functions, {counts['constants']} constants "
               f"({counts['signedness_exempt']} with allowed signedness difference), "
               f"{counts['assertions']} assertions")

    # 1. Ours beside mingw-w64's, for the cross compilers.
    macros = sorted(set(ours["macros"]))
    fns = list(ours["functions"])
    lines = [HEADER.format(sources=sources),
             f"// Checks: {summary}.",
             "// Compile with a mingw-w64 compiler, -fsyntax-only; failures name what differs.",
             "",
             '#include "abi_layout_support.h"',
             "",
             "// 1. Our declarations, in a namespace; our TSPI_* functions renamed so that their C",
             "//    names do not collide with mingw-w64's.",
             "#define SPANTSP_ABI_NAMESPACE_BEGIN namespace spantsp_ours {",
             "#define SPANTSP_ABI_NAMESPACE_END }"]
    lines += [f"#define {n} spantsp_ours_{n}" for n in fns]
    lines += ['#include "tspi/abi/tspi_abi.h"']
    lines += [f"#undef {n}" for n in fns]
    lines += ["", "// 2. Our constants, captured before their macros go away.",
              "namespace spantsp_ours_values {", "using namespace spantsp_ours;"]
    lines += [f"inline constexpr auto k_{n} = {n};" for n in ours["constants"]]
    lines += ["}  // namespace spantsp_ours_values", "", "// 3. Our macros, undefined."]
    lines += [f"#undef {n}" for n in macros]
    lines += ["", "// 4. mingw-w64's declarations.", "#include <windows.h>", "#include <tapi.h>",
              "#include <tspi.h>", "", "// 5. The checks."]
    for label, expr, cmp in measurements:
        lines.append(assertion(label, cmp, OURS_BESIDE_MINGW.expand(expr), GLOBAL.expand(expr),
                               "mingw-w64"))
    write(os.path.join(args.out_dir, "abi_layout_mingw.cpp"), "\n".join(lines) + "\n")

    # 2. The probe: mingw-w64's values as numbers.
    lines = [HEADER.format(sources=sources),
             "// Compiled to assembly by x86_64 mingw-w64; native-check reads the array back.",
             "", '#include "abi_layout_support.h"', "", "#include <windows.h>", "#include <tapi.h>",
             "#include <tspi.h>", "",
             "extern \"C\" __attribute__((used)) const unsigned long long spantsp_abi_probe[] = {"]
    for label, expr, _ in measurements:
        lines.append(f"    static_cast<unsigned long long>({GLOBAL.expand(expr)}),  // {label}")
    lines.append(f"    0x{PROBE_SENTINEL:X}ull,")
    lines.append("};")
    write(os.path.join(args.out_dir, "abi_layout_probe.cpp"), "\n".join(lines) + "\n")

    # 3. The native check: ours on the host against the captured Windows x64 numbers.
    lines = [HEADER.format(sources=sources),
             "// Host compiler: our declarations must have the Windows x64 layout on Linux x86-64.",
             "", '#include "abi_layout_support.h"', '#include "tspi/abi/tspi_abi.h"',
             '#include "abi_layout_native_expected.h"  // Written by native-check.', "",
             "static_assert(sizeof(spantsp_expected) / sizeof(spantsp_expected[0]) == "
             f"{len(measurements) + 1},",
             '              "abi_layout_native_expected.h is stale: rerun native-check");']
    for i, (label, expr, cmp) in enumerate(measurements):
        lines.append(assertion(label, cmp, GLOBAL.expand(expr), f"spantsp_expected[{i}]",
                               "Windows x64 (mingw-w64 x86_64)"))
    write(os.path.join(args.out_dir, "abi_layout_native.cpp"), "\n".join(lines) + "\n")

    manifest = {"summary": summary, "counts": counts,
                "labels": [label for label, _, _ in measurements]}
    write(os.path.join(args.out_dir, "abi_layout_manifest.json"),
          json.dumps(manifest, indent=1) + "\n")
    print(f"gen_abi_layout_test: {summary}")


# ---------------------------------------------------------------------------------------------
# native-check and check-headers
# ---------------------------------------------------------------------------------------------

def run(cmd):
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd).returncode


def parse_probe_asm(asm):
    values, inside = [], False
    for line in asm.splitlines():
        s = line.strip()
        if re.match(r"^_?spantsp_abi_probe:$", s):
            inside = True
            continue
        if not inside:
            continue
        m = re.match(r"^\.(quad|8byte)\s+(-?\w+)$", s)
        if m:
            values.append(int(m.group(2), 0) & 0xFFFFFFFFFFFFFFFF)
            continue
        m = re.match(r"^\.(zero|space)\s+(\d+)$", s)
        if m:
            values.extend([0] * (int(m.group(2)) // 8))
            continue
        break
    return values


def native_check(args):
    with open(args.manifest, encoding="utf-8") as f:
        manifest = json.load(f)
    os.makedirs(args.work_dir, exist_ok=True)
    asm = os.path.join(args.work_dir, "abi_layout_probe.s")
    if run([args.mingw_cxx, "-std=c++20", "-S", "-o", asm, "-Wno-multichar",
            f"-I{args.support_dir}", args.probe]) != 0:
        return 1
    values = parse_probe_asm(read(asm))
    if len(values) != len(manifest["labels"]) + 1 or values[-1] != PROBE_SENTINEL:
        print(f"native-check: read {len(values)} values from {asm}, expected "
              f"{len(manifest['labels']) + 1} ending with the sentinel", file=sys.stderr)
        return 1
    body = ["// Written by gen_abi_layout_test.py native-check: Windows x64 values captured from",
            f"// {args.mingw_cxx}. Do not edit.", "#pragma once",
            "inline constexpr unsigned long long spantsp_expected[] = {"]
    body += [f"    {v}ull,  // {label}" for v, label in zip(values, manifest["labels"])]
    body += [f"    {values[-1]}ull,  // sentinel", "};"]
    write(os.path.join(args.work_dir, "abi_layout_native_expected.h"), "\n".join(body) + "\n")
    cmd = [args.host_cxx, "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra", "-Wpedantic",
           f"-I{args.work_dir}", f"-I{args.support_dir}"]
    cmd += [f"-I{d}" for d in args.include]
    cmd += [args.native]
    if run(cmd) != 0:
        return 1
    print(f"native-check: Linux layout equals Windows x64 for {manifest['summary']}")
    return 0


WARNINGS = ["-Wall", "-Wextra", "-Wpedantic", "-Wshadow", "-Wnon-virtual-dtor", "-Wold-style-cast",
            "-Wcast-align", "-Woverloaded-virtual", "-Wnull-dereference", "-Wimplicit-fallthrough",
            "-Wformat=2", "-Werror"]


def check_headers(args):
    constants = None
    for root in args.include:
        path = os.path.join(root, "tspi", "abi", "tapi_constants.h")
        if os.path.exists(path):
            constants = list(parse_defines(read(path)))
            break
    if not constants:
        raise GenError("tspi/abi/tapi_constants.h not found under the --include roots")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        cases = [(h, []) for h in OUR_HEADERS]
        if args.sdk_mode:
            cases.append(("tspi_abi.h", ["-DSPANTSP_USE_SDK_HEADERS"]))
        for header, defs in cases:
            src = os.path.join(tmp, "check.cpp")
            with open(src, "w", encoding="utf-8") as f:
                f.write(f'#include "tspi/abi/{header}"\n')
                # Expand every constant too: warnings in a macro's expansion (an old-style cast,
                # say) land in the files that use it, which build with -Werror.
                if header in ("tapi_constants.h", "tspi_abi.h") and not defs:
                    f.writelines(f"[[maybe_unused]] static constexpr auto c_{n} = {n};\n"
                                 for n in constants)
            cmd = [args.cxx, "-std=c++20", "-fsyntax-only"] + WARNINGS + defs
            cmd += [f"-I{d}" for d in args.include] + [src]
            rc = run(cmd)
            print(f"{'ok  ' if rc == 0 else 'FAIL'} {header} {' '.join(defs)}", flush=True)
            failed += rc != 0
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--abi-dir", required=True)
    g.add_argument("--mingw-tapi", required=True)
    g.add_argument("--mingw-tspi", required=True)
    g.add_argument("--out-dir", required=True)
    n = sub.add_parser("native-check")
    n.add_argument("--mingw-cxx", required=True)
    n.add_argument("--host-cxx", required=True)
    n.add_argument("--probe", required=True)
    n.add_argument("--native", required=True)
    n.add_argument("--manifest", required=True)
    n.add_argument("--support-dir", required=True)
    n.add_argument("--work-dir", required=True)
    n.add_argument("--include", action="append", default=[])
    h = sub.add_parser("check-headers")
    h.add_argument("--cxx", required=True)
    h.add_argument("--include", action="append", default=[])
    h.add_argument("--sdk-mode", action="store_true")
    args = ap.parse_args()
    try:
        if args.cmd == "generate":
            os.makedirs(args.out_dir, exist_ok=True)
            generate(args)
            return 0
        if args.cmd == "native-check":
            return native_check(args)
        return check_headers(args)
    except GenError as e:
        print(f"gen_abi_layout_test: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
