#!/usr/bin/env python3
"""Helper for scripts/fonts/build.sh (run it through build.sh, which sets up fontTools).

Subcommands:
  charset  -- write fonts/charset.txt (and an ASCII code-point list for pyftsubset)
  license  -- write an OFL licence file for a font whose package ships the OFL
              only inside a Debian copyright file
  verify   -- check the trimmed fonts (glyf outlines, cmap coverage of the charset,
              units-per-em, a few advances) and write fonts/coverage.txt

Everything written is deterministic (no timestamps), so re-running the build
gives byte-identical output for the same inputs.
"""

import argparse
import bz2
import os
import sys
import unicodedata

# ---------------------------------------------------------------------------
# charset
# ---------------------------------------------------------------------------

# Extra (non-GB2312 / non-8105) code points, as (first, last, label).
# GB 2312 already brings most CJK punctuation, Greek/Cyrillic, pinyin letters,
# box drawing (U+2500-254B), ①-⑩, ⑴-⒇, ⒈-⒛, Ⅰ-Ⅻ, ㈠-㈩ and common math signs;
# the ranges below make sure the whole neighbourhood is there too.
EXTRA_RANGES = [
    (0x0020, 0x007E, "ASCII"),
    (0x00A0, 0x00FF, "Latin-1 Supplement (punctuation, symbols incl. × ÷ ± ° · ¥, letters)"),
    (0x2000, 0x206F, "General Punctuation (— – … ‘ ’ “ ” • ‰ ※ etc.)"),
    (0x2070, 0x2070, "superscript zero"),
    (0x2074, 0x2079, "superscripts 4-9"),
    (0x2080, 0x2089, "subscripts 0-9"),
    (0x20AC, 0x20AC, "euro sign"),
    (0x2103, 0x2103, "℃"),
    (0x2109, 0x2109, "℉"),
    (0x2116, 0x2116, "№"),
    (0x2121, 0x2122, "℡ ™"),
    (0x2160, 0x216B, "Roman numerals Ⅰ-Ⅻ"),
    (0x2170, 0x217B, "small Roman numerals ⅰ-ⅻ"),
    (0x2190, 0x2199, "arrows ←↑→↓↔↕↖↗↘↙"),
    (0x21D2, 0x21D2, "⇒"),
    (0x21D4, 0x21D4, "⇔"),
    (0x2212, 0x2212, "minus sign"),
    (0x221A, 0x221A, "√"),
    (0x221E, 0x221E, "∞"),
    (0x2248, 0x2248, "≈"),
    (0x2260, 0x2260, "≠"),
    (0x2264, 0x2265, "≤ ≥"),
    (0x2460, 0x249B, "enclosed numerals ①-⑳ ⑴-⒇ ⒈-⒛"),
    (0x24EA, 0x24EA, "⓪"),
    (0x25A0, 0x25A1, "■ □"),
    (0x25B2, 0x25B3, "▲ △"),
    (0x25B6, 0x25B6, "▶"),
    (0x25BC, 0x25BD, "▼ ▽"),
    (0x25C0, 0x25C0, "◀"),
    (0x25C6, 0x25C7, "◆ ◇"),
    (0x25CB, 0x25CB, "○"),
    (0x25CE, 0x25CF, "◎ ●"),
    (0x2605, 0x2606, "★ ☆"),
    (0x2610, 0x2612, "☐ ☑ ☒"),
    (0x2713, 0x2714, "✓ ✔"),
    (0x2717, 0x2718, "✗ ✘"),
    (0x2E3A, 0x2E3B, "two-em / three-em dash"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3220, 0x3229, "parenthesized ideographs ㈠-㈩"),
    (0x3251, 0x325F, "circled numbers ㉑-㉟"),
    (0x3280, 0x3289, "circled ideographs ㊀-㊉"),
    (0x32B1, 0x32BF, "circled numbers ㊱-㊿"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
]


def load_unicode_data(path):
    """Return {cp: (name, category)} from UnicodeData.txt (ranges expanded lazily)."""
    table = {}
    ranges = []
    first = None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split(";")
            cp, name, cat = int(f[0], 16), f[1], f[2]
            if name.endswith(", First>"):
                first = (cp, name[1:-8], cat)
            elif name.endswith(", Last>"):
                ranges.append((first[0], cp, first[1], first[2]))
                first = None
            else:
                table[cp] = (name, cat)
    return table, ranges


def ucd_lookup(table, ranges, cp):
    if cp in table:
        return table[cp]
    for lo, hi, name, cat in ranges:
        if lo <= cp <= hi:
            if name.startswith("CJK Ideograph"):
                return ("CJK UNIFIED IDEOGRAPH-%04X" % cp, cat)
            return (name.upper(), cat)
    return (None, "Cn")


def tgh_8105(unihan_bz2):
    """The 通用规范汉字表 (2013) from Unihan's kTGH field: {cp: index}."""
    out = {}
    with bz2.open(unihan_bz2, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or "\tkTGH\t" not in line:
                continue
            cp, _, val = line.rstrip("\n").split("\t")
            for v in val.split():
                year, idx = v.split(":")
                if year == "2013":
                    out[int(cp[2:], 16)] = int(idx)
    return out


def gb2312_all():
    chars = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                s = bytes([lead, trail]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in s)
    return chars


def is_han(cp):
    return (0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x3FFFF)


def cmd_charset(args):
    table, ranges = load_unicode_data(args.unicodedata)
    tgh = tgh_8105(args.unihan)
    if len(tgh) != 8105 or sorted(tgh.values()) != list(range(1, 8106)):
        sys.exit("charset: expected 8105 kTGH entries numbered 1..8105, got %d" % len(tgh))
    gb = gb2312_all()
    if len(gb) != 7445:
        sys.exit("charset: expected 7445 GB 2312 characters, got %d" % len(gb))
    extra = set()
    for lo, hi, _ in EXTRA_RANGES:
        extra.update(range(lo, hi + 1))

    allcps = set(tgh) | gb | extra
    # drop unassigned code points and controls (by the Unicode version of the
    # unicode-data package, not Python's, so the result does not depend on Python)
    keep = []
    for cp in sorted(allcps):
        name, cat = ucd_lookup(table, ranges, cp)
        if cat in ("Cn", "Cc", "Cs", "Co"):
            continue
        keep.append((cp, name, cat))

    han_tgh = len(tgh)
    han_gb = sum(1 for cp in gb if is_han(cp))
    han_total = sum(1 for cp, _, _ in keep if is_han(cp))
    lines = [
        "# shuangyong bundled-font character set -- generated by scripts/fonts/build.sh; do not edit.",
        "# One code point per line: U+XXXX, then after '#' the character (and its name if not Han).",
        "# This file can be passed as is to: pyftsubset --unicodes-file=fonts/charset.txt",
        "# Sources:",
        "#   %d Han characters of the Table of General Standard Chinese Characters"
        " (通用规范汉字表, 2013), from Unihan kTGH (Unicode %s, Debian package unicode-data)"
        % (han_tgh, args.unicode_version),
        "#   %d characters of GB 2312 (%d Han), every valid double-byte code decoded with"
        " Python's gb2312 codec" % (len(gb), han_gb),
        "#   extra ranges (unassigned code points dropped):",
    ]
    for lo, hi, label in EXTRA_RANGES:
        rng = "U+%04X" % lo if lo == hi else "U+%04X-U+%04X" % (lo, hi)
        lines.append("#     %-15s %s" % (rng, label))
    lines.append("# Total: %d code points, of which %d Han." % (len(keep), han_total))
    for cp, name, cat in keep:
        if is_han(cp):
            lines.append("U+%04X # %s" % (cp, chr(cp)))
        elif cat in ("Cf", "Zl", "Zp") or cp == 0x0023:
            lines.append("U+%04X # %s" % (cp, name))
        else:
            lines.append("U+%04X # %s %s" % (cp, chr(cp), name))
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
    print("charset: %d code points (%d Han: %d from 通用规范汉字表, %d GB 2312 total) -> %s"
          % (len(keep), han_total, han_tgh, len(gb), args.out))


def read_charset(path):
    cps = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            s = line.split("#", 1)[0].strip()
            if s:
                cps.append(int(s[2:], 16))
    return cps


# ---------------------------------------------------------------------------
# license
# ---------------------------------------------------------------------------

def cmd_license(args):
    """OFL text from the 'License: OFL-1.1' stanza of a Debian copyright file,
    headed by the copyright notice embedded in the font (name ID 0)."""
    from fontTools.ttLib import TTFont

    font = TTFont(args.font, lazy=True)
    notice = font["name"].getDebugName(0).replace("\r\n", "\n").replace("\r", "\n")
    body = []
    with open(args.copyright, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    inside = False
    for line in lines:
        if line.strip() == "License: OFL-1.1":
            # the stand-alone stanza is the one followed by indented text; the
            # License: line inside the Files: paragraph is followed by Comment:
            inside = True
            body = []
            continue
        if inside:
            if line.startswith(" "):
                t = line[1:]
                body.append("" if t == "." else t)
            elif line.strip() == "":
                if body:
                    break
            else:
                inside = False
                body = []
    if not any("SIL OPEN FONT LICENSE" in b for b in body):
        sys.exit("license: no OFL-1.1 text found in %s" % args.copyright)
    text = (notice + "\n\n"
            "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
            "This license is copied below, and is also available with a FAQ at:\n"
            "https://openfontlicense.org\n\n"
            + "\n".join(body).rstrip() + "\n")
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print("license: %s" % args.out)


# ---------------------------------------------------------------------------
# verify
# ---------------------------------------------------------------------------

PROBES = ["中", "。", "，", "A", "1", "\u2014", "\u2015", "\u2e3a", "\u201c", "\u2026"]  # 中 。 ， A 1 — ― ⸺ “ …


def cmd_verify(args):
    from fontTools.ttLib import TTFont

    charset = read_charset(args.charset)
    out = []
    ok = True
    total = 0
    out.append("# Coverage of fonts/charset.txt (%d code points) by the bundled fonts."
               % len(charset))
    out.append("# Generated by scripts/fonts/build.sh; do not edit.")
    for spec in args.fonts:
        role, path = spec.split("=", 1)
        size = os.path.getsize(path)
        total += size
        font = TTFont(path)
        problems = []
        if "glyf" not in font:
            problems.append("no glyf table")
        if "CFF " in font or "CFF2" in font:
            problems.append("has CFF outlines")
        for t in ("fpgm", "prep", "cvt "):
            if t in font:
                problems.append("hinting table %r still present" % t)
        cmap = font.getBestCmap()
        upem = font["head"].unitsPerEm
        glyf = font["glyf"]
        hmtx = font["hmtx"]
        # every glyph must decompile
        for gn in font.getGlyphOrder():
            glyf[gn]
        missing = [cp for cp in charset if cp not in cmap]
        miss_han = [cp for cp in missing if is_han(cp)]
        miss_other = [cp for cp in missing if not is_han(cp)]
        probes = []
        for ch in PROBES:
            gn = cmap.get(ord(ch))
            if gn is None:
                # the typesetter takes it from another bundled face
                probes.append("%s missing" % ch)
                continue
            g = glyf[gn]
            if g.numberOfContours == 0:
                problems.append("empty outline for %r" % ch)
            probes.append("%s adv=%d ink=%d..%d" % (ch, hmtx[gn][0], g.xMin, g.xMax))
        if problems:
            ok = False
        name = font["name"]
        out.append("")
        out.append("[%s] %s" % (role, os.path.basename(path)))
        out.append("family: %s / %s; version: %s" % (
            name.getDebugName(1), name.getDebugName(2), name.getDebugName(5)))
        out.append("size: %d bytes; glyphs: %d; units-per-em: %d; outlines: %s" % (
            size, font["maxp"].numGlyphs, upem,
            "TrueType (glyf)" if "glyf" in font else "NOT TrueType"))
        out.append("advances (units): " + ", ".join(probes))
        out.append("charset covered: %d/%d; missing Han: %d; missing non-Han: %d" % (
            len(charset) - len(missing), len(charset), len(miss_han), len(miss_other)))
        if miss_han:
            out.append("missing Han: " + " ".join("U+%04X(%s)" % (cp, chr(cp)) for cp in miss_han))
        invisible = [cp for cp in miss_other
                     if unicodedata.category(chr(cp)) in ("Zs", "Zl", "Zp", "Cf")]
        visible = [cp for cp in miss_other if cp not in invisible]
        if visible:
            out.append("missing visible: " + " ".join(
                "U+%04X(%s)" % (cp, chr(cp)) for cp in visible))
        if invisible:
            out.append("missing spaces/format controls (map to a space advance or drop): "
                       + " ".join("U+%04X" % cp for cp in invisible))
        for p in problems:
            out.append("PROBLEM: " + p)
    out.append("")
    out.append("total size: %d bytes" % total)
    text = "\n".join(out) + "\n"
    with open(args.report, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    sys.stdout.write(text)
    if not ok:
        sys.exit("verify: problems found (see above)")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("charset")
    p.add_argument("--unihan", required=True, help="Unihan_OtherMappings.txt.bz2")
    p.add_argument("--unicodedata", required=True, help="UnicodeData.txt")
    p.add_argument("--unicode-version", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_charset)
    p = sub.add_parser("license")
    p.add_argument("--copyright", required=True, help="Debian copyright file")
    p.add_argument("--font", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_license)
    p = sub.add_parser("verify")
    p.add_argument("--charset", required=True)
    p.add_argument("--report", required=True)
    p.add_argument("fonts", nargs="+", help="role=path.ttf")
    p.set_defaults(func=cmd_verify)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
