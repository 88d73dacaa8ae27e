"""Run one command under limits and report what it cost, from a small process of its own.

``python -m tests.hostile.measure REPORT.json -- COMMAND ...`` runs COMMAND with ``RLIMIT_AS`` and
``RLIMIT_FSIZE`` set (``ulimit -v``, ``ulimit -f``), waits for it with ``wait4`` and writes its exit code,
CPU seconds, peak resident memory and wall time to REPORT.json. The measuring is done here, not in the
test process, because Linux counts a child's peak memory from the moment it is forked: a child of a
large pytest process would inherit pytest's size in its figure.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

ADDRESS_SPACE = 1 << 30
FILE_SIZE = 256 << 20


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE, FILE_SIZE))


def main(argv: list[str]) -> int:
    report, sep, *command = argv
    assert sep == "--" and command, "usage: measure REPORT.json -- COMMAND ..."
    start = time.perf_counter()
    proc = subprocess.Popen(command, preexec_fn=_limits)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    with open(report, "w", encoding="utf-8") as out:
        json.dump({"code": os.waitstatus_to_exitcode(status), "cpu": usage.ru_utime + usage.ru_stime,
                   "rss_mb": usage.ru_maxrss / 1024, "wall": wall}, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
