"""Start-up cost of ``qpfleet selfcheck --offline --json`` against ``python3 -c "import psutil"``.

All are run as fresh processes, interleaved, in the same run (machines here are shared and
noisy); the figure is the ratio of the medians. Target: <= 4x, in English and in Chinese (``--lang zh``:
the Chinese catalogue and argparse's Chinese words loaded).
Run: .venv/bin/python bench/bench_selfcheck.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


# As installed (pip compiles the modules): bytecode may be cached even where the shell says not to,
# or every run would compile qpfleet's modules from source and the ratio would measure the compiler.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    qpfleet = str(BIN / "qpfleet")
    baseline_cmd = [sys.executable, "-c", "import psutil"]
    check_cmd = [qpfleet, "selfcheck", "--offline", "--json"]
    zh_cmd = [qpfleet, "--lang", "zh", "selfcheck", "--offline", "--json"]
    env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} cpus"
    for cmd in (baseline_cmd, check_cmd, zh_cmd):  # warm the page cache
        timed(cmd)
    base, check, zh = [], [], []
    for _ in range(args.runs):
        base.append(timed(baseline_cmd))
        check.append(timed(check_cmd))
        zh.append(timed(zh_cmd))
    b, c, z = statistics.median(base), statistics.median(check), statistics.median(zh)
    print(f"selfcheck start-up ({env_note}, {args.runs} interleaved runs each)")
    print(f"  python -c 'import psutil'                    median {b * 1000:7.1f} ms, fastest {min(base) * 1000:7.1f} ms")
    print(f"  qpfleet selfcheck --offline --json           median {c * 1000:7.1f} ms, fastest {min(check) * 1000:7.1f} ms"
          f"  ratio {c / b:.2f}x")
    print(f"  qpfleet --lang zh selfcheck --offline --json median {z * 1000:7.1f} ms, fastest {min(zh) * 1000:7.1f} ms"
          f"  ratio {z / b:.2f}x")
    # the fastest runs show the cost without the other engineers' load on a shared machine
    print(f"  ratio of the fastest runs {min(check) / min(base):.2f}x (en), {min(zh) / min(base):.2f}x (zh)")
    worst = max(c, z) / b
    print(f"  worst ratio {worst:.2f}x (target <= 4x) -> {'OK' if worst <= 4 else 'OVER'}")
    return 0 if worst <= 4 else 1


if __name__ == "__main__":
    sys.exit(main())
