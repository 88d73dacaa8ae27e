"""Benchmarks of the USB kit (issue 9).

1. ``selfcheck.cmd`` and ``install.cmd`` under Wine, median of N runs each (interleaved, after one
   warm-up), against the bare collector ``wine cscript //nologo collect_facts.js`` measured in the same
   run. The kit runs as a person would: Wine's cmd.exe, a console, Beijing time typed in; every install
   is followed by an (untimed) ``install.cmd /undo`` so each one really installs.
2. The kit's size, and the time of ``qpfleet kit build`` for one enterprise and for every enterprise of a
   site (in one process, as the CLI does).
3. SHA-256 in JScript under Wine (what verifying the kit's MSI costs on the terminal).

    .venv/bin/python bench/bench_kit.py [--runs 5] [--skip-wine]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.collectors.windows import script_path, script_text  # noqa: E402
from provisioning.cli import main  # noqa: E402
from tests.support.wine import build_msis, wine_prefix  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
QP_CODE = "{6D3F4F0B-4A2B-4C39-9E4B-1C8E2B7A0901}"


def quiet_main(argv: list[str]) -> int:
    with open(os.devnull, "w") as null:
        old, sys.stdout, old_err, sys.stderr = sys.stdout, null, sys.stderr, null
        try:
            return main(argv)
        finally:
            sys.stdout, sys.stderr = old, old_err


def bench_build(tmp: Path, msi: Path | None) -> None:
    extra = ["--qp-msi", str(msi), "--qp-product-code", QP_CODE] if msi else []
    t0 = time.perf_counter()
    assert quiet_main(["kit", "build", "--enterprise", "4403980101", "-i", "inventory/", "--out", str(tmp / "one"),
                       *extra]) == 0
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    assert quiet_main(["kit", "build", "--enterprise", "4403980102", "-i", "inventory/", "--out", str(tmp / "two"),
                       *extra]) == 0
    again = time.perf_counter() - t0
    from provisioning.registry.loader import load_registry

    sites = load_registry(ROOT / "inventory" / "registry").sites
    for site in sites:
        t0 = time.perf_counter()
        assert quiet_main(["kit", "build", "--site", site, "-i", "inventory/", "--out", str(tmp / f"site-{site}"),
                           *extra]) == 0
        n = len(list((tmp / f"site-{site}").iterdir()))
        print(f"kit build --site {site}: {n} enterprises in {time.perf_counter() - t0:.2f} s (one process)")
    size = sum(p.stat().st_size for p in (tmp / "one").rglob("*") if p.is_file())
    files = {p.relative_to(tmp / "one").as_posix(): p.stat().st_size for p in (tmp / "one").rglob("*") if p.is_file()}
    print(f"kit build, one enterprise: {first:.2f} s (first in the process: profile translation and Python's "
          f"string tables), {again:.2f} s the next one")
    print(f"kit size: {size / 1024:.0f} KiB in {len(files)} files: " +
          ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sorted(files.items(), key=lambda kv: -kv[1])[:5]))


def beijing() -> str:
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")


def bench_wine(tmp: Path, runs: int) -> None:
    if not shutil.which("wine") or not shutil.which("wixl"):
        print("kit under Wine: skipped (wine or wixl not installed)")
        return
    tmp.mkdir(parents=True, exist_ok=True)
    with wine_prefix(tmp / "prefix") as wine:
        msis = {**build_msis(FIXTURES / "kit", tmp, shutil.which("wixl") or "wixl"),
                **build_msis(FIXTURES / "msi", tmp, shutil.which("wixl") or "wixl")}
        wine.env["TZ"] = "Asia/Shanghai"
        wine.env["WINEDLLOVERRIDES"] = "mscoree,mshtml=;winedbg.exe=d"
        host = wine.run("cmd", "/c", "echo %COMPUTERNAME%").stdout.decode("ascii").strip()
        shutil.copytree(ROOT / "inventory" / "registry", tmp / "registry")
        site = tmp / "registry" / "site-5316.yml"
        site.write_text(site.read_text("utf-8").replace("host: lh-qp01", f"host: {host.lower()}"), "utf-8")
        wine.run("msiexec", "/i", wine.win(msis["roadport"]), "/qn", timeout=180)
        kit = tmp / "U盘 工具" / "QP 检查"
        assert quiet_main(["kit", "build", "--enterprise", "4403980203", "-i", str(tmp / "registry"), "--out", str(kit),
                           "--profile", str(FIXTURES / "kit" / "wine-lab.yaml"), "--qp-msi", str(msis["qpclient"]),
                           "--qp-product-code", QP_CODE, "--db", str(tmp / "s.sqlite3")]) == 0
        collector = wine.win(Path(script_path()))
        times: dict[str, list[float]] = {"collector": [], "selfcheck": [], "install": []}
        for i in range(runs + 1):
            t0 = time.perf_counter()
            wine.run("cscript", "//nologo", collector, "/paths:C:\\Longda|D:\\Longda")
            bare = time.perf_counter() - t0
            t0 = time.perf_counter()
            code, screen = wine.run_console(["cmd", "/c", "selfcheck.cmd", "/nopause"], kit, beijing() + "\n")
            check = time.perf_counter() - t0
            assert code == 0, screen[-500:]
            t0 = time.perf_counter()
            code, screen = wine.run_console(["cmd", "/c", "install.cmd", "/nopause"], kit, beijing() + "\n")
            install = time.perf_counter() - t0
            assert code == 0 and "QP系统 1.0.0 已安装" in screen, screen[-500:]
            code, screen = wine.run_console(["cmd", "/c", "install.cmd", "/undo", "/nopause"], kit)
            assert code == 0, screen[-500:]
            if i:                                   # run 0 is the warm-up
                times["collector"].append(bare)
                times["selfcheck"].append(check)
                times["install"].append(install)
        base = statistics.median(times["collector"])
        print(f"bare `wine cscript //nologo collect_facts.js`: median {base:.2f} s of {runs}")
        for name in ("selfcheck", "install"):
            med = statistics.median(times[name])
            print(f"{name}.cmd under Wine: median {med:.2f} s of {runs} (min {min(times[name]):.2f}, "
                  f"max {max(times[name]):.2f}) = {med / base:.1f}x the bare collector")
        sha = tmp / "sha.js"
        blob = tmp / "blob.bin"
        blob.write_bytes(os.urandom(1 << 20))
        sha.write_text((script_text("install.js").replace("WScript.Quit(installerMain());", "")
                        + f'\nfso = new ActiveXObject("Scripting.FileSystemObject");'
                        f'\nvar t0 = new Date().getTime(); fileSha256("{wine.win(blob).replace(chr(92), chr(92) * 2)}");'
                        '\nWScript.Echo(new Date().getTime() - t0);\n').replace("\n", "\r\n"), "ascii")
        ms = int(wine.run("cscript", "//nologo", wine.win(sha)).stdout.decode("ascii").strip())
        print(f"SHA-256 of 1 MiB in Wine's JScript: {ms / 1000:.1f} s ({1024 * 1000 / ms:.0f} KiB/s)")


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-wine", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qp-bench-kit-") as tmp:
        msi = None
        if shutil.which("wixl"):
            msi = build_msis(FIXTURES / "kit", Path(tmp), shutil.which("wixl") or "wixl")["qpclient"]
        bench_build(Path(tmp), msi)
        if not args.skip_wine:
            bench_wine(Path(tmp) / "wine", args.runs)
    print(f"(machine: {os.cpu_count()} cores; {subprocess.run(['wine', '--version'], capture_output=True, text=True).stdout.strip() if shutil.which('wine') else 'no wine'})")


if __name__ == "__main__":
    main_()
