#!/usr/bin/env bash
# Benchmarks for the speed and memory targets (never timed tests):
#   check with totals over 1,000 returned workbooks: < 5 s wall, < 300 MB peak memory
#   build on samples/: < 1 s wall, PDF < 1.5 MB
#   dossier on samples/ (a four-year cycle): < 1 s wall
# and, with `province`, a province's 16,000 returns (4,000 units × 4 years, a million facts):
#   check: < 10 s wall, < 1 GB peak memory
#   intake within 1.5× of a bare calamine read of every cell (bench_intake, same run)
#   export (Parquet): < 15 s wall
# and, with `peer`, `build samples/` (all default outputs) against the Python peer
# (../shared/bench/peer.py, or $PEER) on a copy of samples/, five runs interleaved: best
# wall and peak RSS of each, and the ratio (target: <= 0.1, build < 80 MB).
# `rounds [N]` is the same comparison timed to the microsecond (bench/rounds.py): N
# interleaved rounds (default 20), the ratio taken per round.
# usage: bench/run.sh [N]          (N workbooks, default 1000)
#        bench/run.sh province
#        bench/run.sh peer
#        bench/run.sh rounds [N]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --examples --bins
bin=${CARGO_TARGET_DIR:-target}/release/shuangyong
examples=${CARGO_TARGET_DIR:-target}/release/examples
ws=$(mktemp -d -t shuangyong-bench.XXXX)
trap 'rm -rf "$ws"' EXIT

measure() { # label, command…
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$log" "$@" >/dev/null 2>&1 || true
  read -r secs kb <"$log"; rm -f "$log"
  awk -v l="$label" -v s="$secs" -v k="$kb" 'BEGIN { printf "%-46s %6.2f s  %6.1f MB peak\n", l, s, k / 1024 }'
}

if [ "${1:-}" = peer ]; then
  peer=${PEER:-../shared/bench/peer.py}
  cp -r samples "$ws/samples"
  export SOURCE_DATE_EPOCH=1734652800
  year=$(sed -n 's/^year *= *\([0-9]*\).*/\1/p' samples/shuangyong.toml)
  log=$(mktemp)
  uptime
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f 'build %e %M' -a -o "$log" "$bin" build "$ws/samples" --out "$ws/out" >/dev/null 2>&1
    /usr/bin/time -f 'peer %e %M' -a -o "$log" python3 "$peer" "$ws/samples" "$year" fonts/fangsong.ttf "$ws/peer.pdf" \
      >/dev/null 2>&1
  done
  uptime
  awk '{ if (!($1 in w) || $2 < w[$1]) w[$1] = $2; if ($3 > m[$1]) m[$1] = $3 }
       END { printf "%-6s best %6.3f s  %6.1f MB peak\n%-6s best %6.3f s  %6.1f MB peak\nratio  %.3f\n",
             "build", w["build"], m["build"] / 1024, "peer", w["peer"], m["peer"] / 1024, w["build"] / w["peer"] }' "$log"
  rm -f "$log"
  exit
fi

if [ "${1:-}" = rounds ]; then
  cp -r samples "$ws/samples"
  uptime
  python3 bench/rounds.py "$ws/samples" "${2:-20}" "$bin"
  uptime
  exit
fi

if [ "${1:-}" = province ]; then
  "$examples"/bench_workspace "$ws" 4000 4 >/dev/null
  measure "check, 16,000 returns" "$bin" check "$ws"
  measure "export parquet, 16,000 returns" "$bin" export "$ws" --out "$ws/export"
  measure "export csv, 16,000 returns" "$bin" export "$ws" --out "$ws/export-csv" --format csv
  du -sh "$ws/export" "$ws/export-csv"
  "$examples"/bench_intake "$ws/submissions"
  exit
fi

n=${1:-1000}
"$examples"/bench_workspace "$ws" "$n" >/dev/null
measure "check, $n workbooks" "$bin" check "$ws"
measure "query totals, $n workbooks" "$bin" query "$ws" --sql "SELECT code, value FROM totals"
export SOURCE_DATE_EPOCH=1700000000
out=$(mktemp -d -t shuangyong-out.XXXX)
measure "build samples/" "$bin" build samples --out "$out"
for f in "$out"/*.pdf; do
  [ -f "$f" ] && awk -v b="$(stat -c %s "$f")" 'BEGIN { printf "%-46s %6.2f MB\n", "PDF size", b / 1048576 }'
done
measure "dossier samples/ (2021-2024)" "$bin" dossier samples --out "$out"
rm -rf "$out"
