"""``qpfleet kit build``: write the USB kit of one enterprise (or of every enterprise of a site).

Layout of a kit::

    selfcheck.cmd  install.cmd  README.txt (Chinese, GBK)  manifest.json (SHA-256 of every other file)
    qpfleet\\collect_facts.js  evaluate.js (generated from the profile)  install.js  settings.json  qp-client.msi
    results\\<HOST>\\  facts.json  verdict.json  install.json  msiexec-*.log   (written on the terminals)

Everything is checked before anything is written (registry, enterprise, profile translation, MSI);
the kit is assembled in a temporary folder beside ``--out`` and moved into place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks import __version__
from checks.collectors.windows import script_text
from checks.errors import InputError
from checks.evaluator import Untranslatable
from checks.evaluator.generate import evaluator_script
from checks.i18n import Msg, t
from checks.profile import Profile
from checks.textio import read_chunks
from provisioning.kit import texts  # noqa: F401  (registers the kit's words)
from provisioning.kit.settings import MSI_NAME, build_settings, dumps, find_enterprise
from provisioning.registry.model import Registry

SCRIPTS = "qpfleet"

SELFCHECK_CMD = r"""@echo off
rem qpfleet USB kit: self-check of this computer. Double-click it. Written by qpfleet kit build.
rem Exit code: 0 ready, 1 not ready, 3 undetermined, 2 the kit is damaged.
setlocal EnableExtensions
set "QP_TIME="
set "QP_ASKED=0"
cscript //nologo "%~dp0qpfleet\evaluate.js" /kit:collect
set "QP_RC=%ERRORLEVEL%"
if "%QP_RC%"=="0" goto judge
if not "%QP_RC%"=="10" goto end
:ask
set /a QP_ASKED+=1
set "QP_TIME="
set /p "QP_TIME=> "
:judge
cscript //nologo "%~dp0qpfleet\evaluate.js" /kit:judge /asked:%QP_ASKED%
set "QP_RC=%ERRORLEVEL%"
if "%QP_RC%"=="11" goto ask
:end
if /i not "%~1"=="/nopause" pause
exit /b %QP_RC%
"""

INSTALL_CMD = r"""@echo off
rem qpfleet USB kit: install QP on this computer (an engineer runs it). Written by qpfleet kit build.
rem   install.cmd          verify the kit, self-check, install (only when ready)
rem   install.cmd /check   dry run: what would change
rem   install.cmd /undo    remove QP and put back every value it changed
setlocal EnableExtensions
set "QP_RES=%~dp0results\%COMPUTERNAME%"
if /i "%~1"=="/undo" goto install
if /i "%~2"=="/undo" goto install
call "%~dp0selfcheck.cmd" /nopause
:install
cscript //nologo "%~dp0qpfleet\install.js" /kit "/settings:%~dp0qpfleet\settings.json" "/verdict:%QP_RES%\verdict.json" "/out:%QP_RES%" %*
set "QP_RC=%ERRORLEVEL%"
if /i not "%~1"=="/nopause" if /i not "%~2"=="/nopause" pause
exit /b %QP_RC%
"""


@dataclass(frozen=True)
class KitSummary:
    """What a build wrote."""

    out: Path
    enterprise: str
    name: str
    files: dict[str, int]
    with_msi: bool

    @property
    def size(self) -> int:
        return sum(self.files.values())


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _readme(settings: dict[str, Any], registry: Registry, profile: Profile, lang: str, built: str) -> str:
    e = find_enterprise(registry, settings["enterprise"]["customs_code"])
    qp = settings["qp"]
    none = "无" if lang == "zh" else "none"
    return t("kit.readme", lang, enterprise=e.name, code=e.customs_code,
             site=f"{e.site} {settings['enterprise']['site_name']}".strip(), approved=e.approved_terminals,
             counted=", ".join(settings["counted_hosts"]) or none,
             hosts=", ".join(t_.host for t_ in e.terminals if t_.role == "qp") or none,
             backups=", ".join(t_.host for t_ in e.terminals if t_.role == "longda_backup") or none,
             profile=f"{profile.name} ({profile.title.get(lang, profile.name)})",
             qp=f"{qp['name'] or 'QP'} {qp['version']} {qp['product_code']}" if qp else none,
             built=built, version=__version__, ntp=settings["clock"]["ntp_server"])


def kit_files(registry: Registry, enterprise: str, *, profile: Profile, settings: dict[str, Any],
              lang: str, now: dt.datetime) -> dict[str, bytes]:
    """Every file of the kit except the MSI and the manifest, by path relative to the kit."""
    try:
        evaluator = evaluator_script(profile)
    except Untranslatable as exc:
        raise InputError(Msg("kit.err.untranslatable", detail=str(exc)),
                         where=f"profile {profile.source}") from None
    from zoneinfo import ZoneInfo

    built = now.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    readme = _readme(settings, registry, profile, lang, built)
    return {
        "selfcheck.cmd": _crlf(SELFCHECK_CMD).encode("ascii"),
        "install.cmd": _crlf(INSTALL_CMD).encode("ascii"),
        "README.txt": _crlf(readme).encode("gbk"),
        f"{SCRIPTS}/collect_facts.js": _crlf(script_text("collect_facts.js")).encode("ascii"),
        f"{SCRIPTS}/evaluate.js": _crlf(evaluator).encode("ascii"),
        f"{SCRIPTS}/install.js": _crlf(script_text("install.js")).encode("ascii"),
        f"{SCRIPTS}/settings.json": _crlf(dumps(settings)).encode("ascii"),
    }


def _sha256(path: Path) -> str:
    from provisioning.kit.msi import MAX_MSI_BYTES

    digest = hashlib.sha256()
    for block in read_chunks(path, MAX_MSI_BYTES, "QP installer"):  # the one bounded reader, streamed
        digest.update(block)
    return digest.hexdigest()


def write_kit(out: Path, files: dict[str, bytes], msi: Path | None, *, enterprise: str, now: dt.datetime,
              force: bool = False) -> dict[str, int]:
    """Assemble the kit in a temporary folder beside ``out``, add the manifest, move it into place."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not force)):
        raise InputError(Msg("kit.err.out_exists"),
                         where=f"--out {out}")
    if force and out.is_dir() and any(out.iterdir()) and not (out / "manifest.json").is_file():
        raise InputError(Msg("kit.err.out_not_kit"), where=f"--out {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".qpfleet-kit-", dir=out.parent))
    try:
        sizes: dict[str, int] = {}
        manifest: dict[str, dict[str, Any]] = {}
        for rel, data in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            manifest[rel] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        if msi is not None:
            rel = f"{SCRIPTS}/{MSI_NAME}"
            shutil.copyfile(msi, staging / rel)
            manifest[rel] = {"sha256": _sha256(staging / rel), "size": (staging / rel).stat().st_size}
        (staging / "results").mkdir()
        doc = {"schema": "qpfleet.kit-manifest", "schema_version": 1, "enterprise": enterprise,
               "built_at": now.isoformat(timespec="seconds"), "generator": f"qpfleet {__version__}",
               "files": dict(sorted(manifest.items()))}
        data = _crlf(json.dumps(doc, ensure_ascii=True, indent=1) + "\n").encode("ascii")
        (staging / "manifest.json").write_bytes(data)
        sizes = {rel: m["size"] for rel, m in manifest.items()}
        sizes["manifest.json"] = len(data)
        for folder in (staging, staging / SCRIPTS, staging / "results"):
            folder.chmod(0o755)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
        return sizes
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def build_kit(registry: Registry, enterprise: str, out: Path, *, profile: Profile, lang: str, now: dt.datetime,
              force: bool = False, **settings_inputs: Any) -> KitSummary:
    """Build one enterprise's kit; ``settings_inputs`` go to :func:`build_settings` (client, qp, carrier, ...)."""
    settings = build_settings(registry, enterprise, profile=profile, lang=lang, now=now, **settings_inputs)
    files = kit_files(registry, enterprise, profile=profile, settings=settings, lang=lang, now=now)
    qp = settings_inputs.get("qp")
    sizes = write_kit(out, files, qp.path if qp is not None else None, enterprise=enterprise, now=now, force=force)
    return KitSummary(out, settings["enterprise"]["customs_code"], settings["enterprise"]["name"], sizes, qp is not None)
