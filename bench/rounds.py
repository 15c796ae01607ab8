#!/usr/bin/env python3
"""`build` against the Python peer in interleaved rounds, timed to the microsecond.

/usr/bin/time rounds to 10 ms, a tenth of a build; and on a shared machine the speed
drifts between rounds. Each round runs every binary given, then the peer, one after the
other; the ratio is taken per round (a build against the peer run beside it), so a slow
minute slows both sides of it.

usage: bench/rounds.py WORKSPACE ROUNDS BINARY [BINARY ...]
"""
import os
import statistics
import sys
import tempfile
import time

PEER = os.environ.get("PEER", os.path.join(os.path.dirname(__file__), "../../shared/bench/peer.py"))


def run(argv, env):
    """Wall seconds and peak RSS (MB) of one process."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execvpe(argv[0], argv, env)
    _, _, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main():
    ws, rounds, binaries = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    year = next(l.split("=")[1].strip() for l in open(os.path.join(ws, "shuangyong.toml")) if l.startswith("year"))
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1734652800"))
    out = tempfile.mkdtemp()
    font = os.path.join(os.path.dirname(__file__), "../fonts/fangsong.ttf")
    peer_argv = ["python3", PEER, ws, year, font, os.path.join(out, "peer.pdf")]
    results = {b: [] for b in binaries}
    peer = []
    for _ in range(rounds):
        for b in binaries:
            results[b].append(run([b, "build", ws, "--out", os.path.join(out, "out")], env))
        peer.append(run(peer_argv, env))
    walls = sorted(w for w, _ in peer)
    print(f"{'peer':<40} best {walls[0]:.3f} s  median {statistics.median(walls):.3f} s  "
          f"peak {max(m for _, m in peer):.1f} MB")
    for b, r in results.items():
        walls = sorted(w for w, _ in r)
        ratios = sorted(w / p for (w, _), (p, _) in zip(r, peer))
        print(f"{b[-40:]:<40} best {walls[0]:.3f} s  median {statistics.median(walls):.3f} s  "
              f"peak {max(m for _, m in r):.1f} MB  ratio per round: median {statistics.median(ratios):.3f}, "
              f"best {ratios[0]:.3f}")


if __name__ == "__main__":
    main()
