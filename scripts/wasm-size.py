#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# What the engine's bytes are (docs/performance.md): attributes every function of a core.wasm
# linked with --profiling-funcs (function names kept) to an area of the engine, by its name and
# by which object file of the build folder defines it (llvm-nm reads the LTO bitcode objects too).
# Prints raw bytes per area and an estimate of its gzip share: each area's code is compressed on
# its own and the estimates are scaled so that they add up to the whole code section's gzip size.
#   emcmake cmake -S . -B build/size -DQREDGE_DIST_DIR=$PWD/build/size-dist \
#     -DCMAKE_EXE_LINKER_FLAGS=--profiling-funcs && cmake --build build/size -j2
#   python3 scripts/wasm-size.py build/size-dist/core.wasm build/size [--top N]
import collections
import gzip
import os
import subprocess
import sys

# Core files by area (file stem -> area); the names of the areas are the table's rows.
AREAS = {
    "encode (mask selection, layout)": "encode mask_select finder_lookalike qr_layout",
    "SVG render and styled shapes": "render_svg geometry",
    "PNG raster and writer": "render_png raster png_write",
    "logo (checks, decode glue)": "logo",
    "frames and print (PDF/EPS), text layout": "frame_parse frame_layout frame_text render_frame render_print outline output_size",
    "validation and parsing (design, output, targets, messages)":
        "validate_target validate_messages validate_request validate_json design_parse datetime url utf8 error",
    "payload builders": "payload",
    "engine, design, render cache, scan report": "engine design render_cache scan_report",
    "bindings/embind.cpp (entry points)": "embind",
}
STEM_AREA = {stem: area for area, stems in AREAS.items() for stem in stems.split()}


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def sections(b):
    i = 8
    while i < len(b):
        sid = b[i]
        n, i = leb(b, i + 1)
        yield sid, b[i:i + n]
        i += n


def functions(path):
    """(name, body bytes) of every defined function, and the data section's bytes."""
    b = open(path, "rb").read()
    imported, names, bodies, data = 0, {}, [], b""
    for sid, s in sections(b):
        if sid == 2:  # imports: function imports shift the function index space
            j = 0
            cnt, j = leb(s, j)
            for _ in range(cnt):
                for _ in range(2):
                    n, j = leb(s, j)
                    j += n
                kind = s[j]
                j += 1
                if kind == 0:
                    imported += 1
                    _, j = leb(s, j)
                elif kind in (1, 2):
                    j += kind == 1
                    flag, j = leb(s, j)
                    _, j = leb(s, j)
                    if flag & 1:
                        _, j = leb(s, j)
                elif kind == 3:
                    j += 2
                elif kind == 4:
                    j += 1
                    _, j = leb(s, j)
        elif sid == 10:
            j = 0
            cnt, j = leb(s, j)
            for _ in range(cnt):
                n, k = leb(s, j)
                bodies.append(s[j:k + n])
                j = k + n
        elif sid == 11:
            data = s
        elif sid == 0:
            n, j = leb(s, 0)
            if s[j:j + n] != b"name":
                continue
            j += n
            while j < len(s):
                sub = s[j]
                size, j = leb(s, j + 1)
                end = j + size
                if sub == 1:
                    cnt, j = leb(s, j)
                    for _ in range(cnt):
                        idx, j = leb(s, j)
                        n, j = leb(s, j)
                        names[idx] = s[j:j + n].decode("utf8", "replace")
                        j += n
                j = end
    return [(names.get(imported + k, f"function {imported + k}"), body) for k, body in enumerate(bodies)], data


def definers(build_dir):
    """demangled symbol -> object file stems defining it (text symbols only)."""
    owners = collections.defaultdict(set)
    for root, _, files in os.walk(build_dir):
        for f in files:
            if f.endswith(".o"):
                out = subprocess.run(["llvm-nm-14", "-C", "--defined-only", os.path.join(root, f)],
                                     capture_output=True, text=True).stdout
                for line in out.splitlines():
                    parts = line.split(None, 2)
                    if len(parts) == 3 and parts[1] in "TtWw":
                        owners[parts[2]].add(f.split(".")[0])
    return owners


def area(name, owners):
    files = owners.get(name, set())
    ours = name.startswith("qredge::") or name.startswith("(anonymous namespace)::")
    if ours and files == {"embind"}:
        return "bindings/embind.cpp (entry points)"
    stems = sorted({STEM_AREA.get(f) for f in files} - {None})
    if ours and len(stems) == 1:
        return stems[0]
    if "nlohmann" in name:
        return "nlohmann/json (parser, DOM, serializer, templates)"
    if name.startswith("stbi__") or name.startswith("stbi_"):
        return "stb_image (logo PNG/JPEG decoder)"
    if name.startswith("stbiw") or "stbi_write" in name:
        return "stb_image_write (styled PNG deflate)"
    if name.startswith("stbtt"):
        return "stb_truetype (frame text)"
    if name.startswith("emscripten::") or "embind" in name.lower():
        return "Embind (library and templates)"
    if files & {"qrencode", "qrinput", "bitstream", "qrspec", "rsecc", "split", "mask", "mqrspec", "mmask"}:
        return "libqrencode"
    if len(stems) == 1:
        return stems[0]
    if stems:
        return "core templates shared by several areas"
    if name.startswith("std::") or "__cxa" in name or "cxxabi" in name or "_Unwind" in name or name.startswith("operator"):
        return "libc++ / libc++abi"
    if "malloc" in name or name in ("dlfree", "dlrealloc", "dispose_chunk", "free", "realloc", "sbrk", "prepend_alloc",
                                    "claim_more_memory", "attempt_allocate", "emscripten_builtin_free"):
        return "malloc"
    return "libc (musl: strtod, printf, math), compiler-rt"


def embedded_font(build_dir):
    """The font's bytes from the generated header (scripts/embed-font.py), if the build has it."""
    path = os.path.join(build_dir, "generated", "frame_font.inc")
    if not os.path.exists(path):
        return b""
    text = open(path).read()
    body = text[text.index("{") + 1:text.rindex("}")]
    return bytes(int(x) for x in body.replace("\n", "").split(",") if x.strip())


def main():
    args = sys.argv[1:]
    top = 0
    if "--top" in args:
        k = args.index("--top")
        top = int(args[k + 1])
        del args[k:k + 2]
    if len(args) != 2:
        sys.exit("usage: wasm-size.py CORE.wasm BUILD_DIR [--top N]")
    funcs, data = functions(args[0])
    owners = definers(args[1])
    raw = collections.Counter()
    code = collections.defaultdict(list)
    for name, body in funcs:
        a = area(name, owners)
        raw[a] += len(body)
        code[a].append((len(body), name, body))
    whole = len(gzip.compress(b"".join(body for _, body in funcs), 9))
    alone = {a: len(gzip.compress(b"".join(body for _, _, body in code[a]), 9)) for a in raw}
    scale = whole / sum(alone.values())
    total_raw = sum(raw.values())
    print(f"{'area':<66} {'raw B':>8} {'~gzip B':>8}  share")
    for a, n in raw.most_common():
        print(f"{a:<66} {n:>8} {round(alone[a] * scale):>8}  {100 * n / total_raw:4.1f} %")
    print(f"{'code section, all functions':<66} {total_raw:>8} {whole:>8}")
    font = embedded_font(args[1])
    if font:
        print(f"{'data section: the embedded frame font (DejaVu Sans Bold subset)':<66} {len(font):>8} {len(gzip.compress(font, 9)):>8}")
    print(f"{'data section, all (messages, tables, the font)':<66} {len(data):>8} {len(gzip.compress(data, 9)):>8}")
    if top:
        for a, _ in raw.most_common():
            print(f"\n== {a}")
            for n, name, _ in sorted(code[a], key=lambda t: -t[0])[:top]:
                print(f"{n:8} {name[:160]}")


if __name__ == "__main__":
    main()
