"""Every catalogue key the code names exists, in both languages: an unknown key would show itself to a user."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import checks
import provisioning
from checks import i18n

ROOT = Path(__file__).resolve().parents[2]
# Msg("key" ...), t("key", ...), h("key" ...), i18n.t/h/Msg(...): literal keys only (f-strings are built at run time)
CALL = re.compile(r"""\b(?:Msg|t|h|reason)\(\s*["']([a-z][\w-]*(?:\.[\w-]+)+)["']""")


def _import_everything() -> None:
    for package in (checks, provisioning):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)


def test_every_literal_key_is_in_the_catalogue() -> None:
    _import_everything()
    missing = []
    for path in [*ROOT.joinpath("checks").rglob("*.py"), *ROOT.joinpath("provisioning").rglob("*.py")]:
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            for key in CALL.findall(line):
                if key not in i18n.CATALOG:
                    missing.append(f"{path.relative_to(ROOT)}:{n}: {key}")
    assert not missing, "\n".join(missing)


def test_the_scan_sees_keys() -> None:
    assert CALL.findall('raise InputError(Msg("dispatch.err.person"), where="--person")') == ["dispatch.err.person"]
    assert CALL.findall('print(t("report.title", lang))') == ["report.title"]
