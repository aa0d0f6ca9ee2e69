#!/usr/bin/env python3
"""The PE export tables of spantsp.tsp and spantsp_ui.tsp against mingw-w64's tspi.h.

  pe_exports_test.py --objdump OBJDUMP --tspi-h TSPI_H --provider DLL --ui DLL --arch x64|x86

Reads `OBJDUMP -p` (the export directory) of both DLLs and checks:
  - the provider exports exactly tspi.h's TSPI_* functions, the UI DLL exactly the seven
    TUISPI_* functions it implements (tspi.h's eight, less TUISPI_phoneConfigDialog: no phones),
    by name, and each DLL's export directory names the DLL itself;
  - the names are tspi.h's, undecorated (no leading underscore, no @N) on both architectures;
  - x86: every export is __stdcall with tspi.h's argument bytes: the DLL's symbol table
    (`OBJDUMP -t`) holds _NAME@N with N = 4 x the prototype's parameters (all TSPI parameters
    are 4 bytes on x86).
Prints what it compared; exits 1 naming every difference.
"""
import argparse
import re
import subprocess
import sys

UI_WITHOUT = {"TUISPI_phoneConfigDialog"}


def prototypes(header):
    text = open(header, encoding="latin-1").read()
    found = {}
    for match in re.finditer(r"LONG\s+WINAPI\s+((?:TSPI|TUISPI)_\w+)\s*\(([^)]*)\)\s*;", text):
        params = match.group(2).strip()
        count = 0 if params in ("", "void", "VOID") else params.count(",") + 1
        found[match.group(1)] = count
    return found


def run(objdump, option, dll):
    return subprocess.run([objdump, option, dll], check=True, capture_output=True,
                          text=True).stdout


def export_table(objdump, dll):
    text = run(objdump, "-p", dll)
    name = re.search(r"^Name\s+\S+\s+(\S+)\s*$", text, re.M)
    start = text.find("[Ordinal/Name Pointer] Table")
    if start < 0:
        return (name.group(1) if name else None), set()
    names = set()
    for line in text[start:].splitlines()[1:]:
        entry = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s*$", line)
        if not entry:
            break
        names.add(entry.group(1))
    return (name.group(1) if name else None), names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--objdump", required=True)
    parser.add_argument("--tspi-h", required=True)
    parser.add_argument("--provider", required=True)
    parser.add_argument("--ui", required=True)
    parser.add_argument("--arch", choices=("x64", "x86"), required=True)
    args = parser.parse_args()

    protos = prototypes(args.tspi_h)
    expected = {
        args.provider: ("spantsp.tsp", {n for n in protos if n.startswith("TSPI_")}),
        args.ui: ("spantsp_ui.tsp",
                  {n for n in protos if n.startswith("TUISPI_")} - UI_WITHOUT),
    }
    errors = []
    for dll, (dll_name, want) in expected.items():
        name, have = export_table(args.objdump, dll)
        if name != dll_name:
            errors.append(f"{dll}: the export directory names {name!r}, not {dll_name!r}")
        for missing in sorted(want - have):
            errors.append(f"{dll_name}: {missing} is not exported")
        for extra in sorted(have - want):
            errors.append(f"{dll_name}: exports {extra}, which is not in the expected list")
        for export in sorted(have):
            if export.startswith("_") or "@" in export:
                errors.append(f"{dll_name}: export {export} is decorated")
        if args.arch == "x86":
            symbols = run(args.objdump, "-t", dll)
            for function in sorted(want & have):
                decorated = f"_{function}@{4 * protos[function]}"
                if not re.search(r"\s" + re.escape(decorated) + r"$", symbols, re.M):
                    errors.append(f"{dll_name}: {function} is not __stdcall with "
                                  f"{4 * protos[function]} argument bytes ({decorated} absent)")
        print(f"{dll_name}: {len(have)} exports, {len(want)} expected from tspi.h ({args.arch})")
    for error in errors:
        print("FAIL: " + error)
    if errors:
        return 1
    print("export tables match tspi.h")
    return 0


if __name__ == "__main__":
    sys.exit(main())
