#!/usr/bin/env python3
"""Writes a district the tool was never tuned to, for reviews and new-user trials: the
sample workspace with other names (region, streets, towns) and other figures (each indicator
scaled by its own factor, the same for every unit and year, so changes stay plausible).

    python3 scripts/other_district.py DEST [--years 2023,2024]

--years keeps only those years' returns (a creation cycle with missing years).
Needs openpyxl. Text a unit typed (约200, 无) is left as typed; numbers typed as text are scaled in their form.
"""
import argparse
import hashlib
import pathlib
import re
import shutil

import openpyxl

SAMPLES = pathlib.Path(__file__).resolve().parent.parent / "samples"

NAMES = {
    "示例区": "临江区",
    "东湖街道": "江滨街道",
    "西城街道": "白沙街道",
    "南山街道": "桂香街道",
    "北苑街道": "望江街道",
    "滨江街道": "临湖街道",
    "长安街道": "清河街道",
    "红旗街道": "金桥街道",
    "新桥镇": "柳塘镇",
    "青石镇": "云溪镇",
    "淼泉镇": "石门镇",
}
TITLES = 'titles = ["2012年全国双拥模范城（县）", "2016年全国双拥模范城（县）（二连冠）", "2020年全国双拥模范城（县）（三连冠）"]'
CODE = re.compile(r"^[A-Z]{2}\d{2}$")


# Units type names with stray spaces ("淼 泉镇 "), which the tool forgives: so does the renaming.
SPACED = {re.compile(r"\s*".join(map(re.escape, old))): new for old, new in NAMES.items()}


def rename(text):
    for old, new in SPACED.items():
        text = old.sub(new, text)
    return text


def factor(code):
    h = int(hashlib.sha256(("scale:" + code).encode()).hexdigest()[:8], 16)
    return 0.7 + 0.7 * (h / 0xFFFFFFFF)


FULL = str.maketrans("０１２３４５６７８９．", "0123456789.")
HALF = {v: k for k, v in zip("０１２３４５６７８９．", "0123456789.")}
NUMBER_TEXT = re.compile(r"^(\s*)([0-9.０-９．]+)(\s*)$")


def scaled_text(value, f, unit_of_measure):
    """A number typed as text (" 27", "７３８", "37.36") is scaled and kept as text of the same
    form, so that changes between years stay plausible whatever the unit typed."""
    m = NUMBER_TEXT.match(value)
    if not m:
        return value
    digits = m.group(2).translate(FULL)
    try:
        number = float(digits) if "." in digits else int(digits)
    except ValueError:
        return value
    out = str(scaled(number, f, unit_of_measure))
    if m.group(2) != digits:
        out = "".join(HALF.get(c, c) for c in out)
    return m.group(1) + out + m.group(3)


def scaled(value, f, unit_of_measure):
    if isinstance(value, str):
        return scaled_text(value, f, unit_of_measure)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or unit_of_measure == "%":
        return value
    v = value * f
    if float(value).is_integer():
        return max(0, round(v)) if value else 0
    return round(v, 2)


def convert(src, dst):
    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = rename(cell.value)
    sheet = wb.worksheets[0]
    header, value_col, unit_col = None, None, None
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "本年数值":
                header, value_col = cell.row, cell.column
            if cell.value == "计量单位":
                unit_col = cell.column
    if value_col:
        for r in range(header + 1, sheet.max_row + 1):
            codes = [c.value for c in sheet[r] if isinstance(c.value, str) and CODE.match(c.value)]
            if codes:
                f = factor(codes[0])
                cell = sheet.cell(r, value_col)
                measure = sheet.cell(r, unit_col).value if unit_col else None
                cell.value = scaled(cell.value, f, measure)
    wb.save(dst)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dest")
    ap.add_argument("--years", default="")
    args = ap.parse_args()
    dest = pathlib.Path(args.dest)
    keep = {y for y in args.years.split(",") if y}
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    toml = rename((SAMPLES / "shuangyong.toml").read_text(encoding="utf-8"))
    toml = re.sub(r"^titles = .*$", TITLES, toml, count=1, flags=re.M)
    (dest / "shuangyong.toml").write_text(toml, encoding="utf-8")
    for note in (SAMPLES / "notes").glob("*.md"):
        (dest / "notes").mkdir(exist_ok=True)
        text = rename(note.read_text(encoding="utf-8")).replace("先后2次", "先后3次").replace("“三连冠”", "“四连冠”")
        # The office's account of the titles agrees with TITLES (2012, 2016, 2020).
        text = text.replace("2016年，我区首次被命名为“全国双拥模范城”，2020年再获命名。", "2012年，我区首次被命名为“全国双拥模范城”，2016年、2020年两次再获命名。")
        (dest / "notes" / note.name).write_text(text, encoding="utf-8")
    for year_dir in sorted((SAMPLES / "submissions").iterdir()):
        if keep and year_dir.name not in keep:
            continue
        out = dest / "submissions" / year_dir.name
        out.mkdir(parents=True)
        for book in sorted(year_dir.iterdir()):
            if book.suffix == ".xlsx":
                convert(book, out / rename(book.name))
    print(f"临江区 → {dest}")


if __name__ == "__main__":
    main()
