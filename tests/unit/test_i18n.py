"""Every word the self-check shows exists in Chinese and English."""

from __future__ import annotations

import re
from pathlib import Path

from checks import i18n, messages  # noqa: F401
from checks.causes import CAUSES, UNEXPLAINED
from checks.rules import RULES

CHECKS = Path(__file__).resolve().parents[2] / "checks"
SOURCES = [*sorted((CHECKS / "rules").glob("*.py")), CHECKS / "report.py"]


def _import_everything() -> list[str]:
    """Import every module of checks/ and provisioning/ (each registers its words as it loads): the
    catalogue is then whole whatever ran before, and a key registered twice is found."""
    import importlib
    import pkgutil

    import checks
    import provisioning

    loaded = []
    for package in (checks, provisioning):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
            loaded.append(module.name)
    return loaded


def test_no_key_is_registered_twice_with_different_texts() -> None:
    """The registry's chassis word once replaced the self-check's sentence for a desktop when both
    modules were loaded: one key, one text, whoever registers it."""
    assert "provisioning.registry_cli" in _import_everything()
    i18n.add({"test.twice": {"zh": "一", "en": "one"}})
    i18n.add({"test.twice": {"zh": "一", "en": "one"}})  # the same texts again: harmless (a reload)
    try:
        i18n.add({"test.twice": {"zh": "二", "en": "two"}})
    except ValueError as exc:
        assert "registered twice" in str(exc)
    else:
        raise AssertionError("a second, different text for one key was accepted")
    finally:
        i18n.CATALOG.pop("test.twice", None)
    assert i18n.t("chassis.desktop", "zh") == "这是一台台式电脑。"


def test_every_message_key_used_by_the_rules_is_in_the_catalogue() -> None:
    _import_everything()
    text = "\n".join(p.read_text("utf-8") for p in SOURCES)
    keys = set(re.findall(r'"((?:remedy\.)?[a-z_]+\.[a-z_.]+|probe_failed)"', text))
    keys |= {f"rule.{r}" for r in RULES}
    keys = {k for k in keys if (not k.endswith(".py") and "." in k) or k == "probe_failed"}
    missing = sorted(k for k in keys if k not in i18n.CATALOG and not k.startswith(("status.", "verdict.")))
    assert not missing


def test_every_cause_has_its_advice_in_both_languages() -> None:
    for cause in [c for c, _ in CAUSES] + [UNEXPLAINED]:
        assert f"remedy.cause.{cause}" in i18n.CATALOG, cause
    for rule_id in ("optical_drive", "network", "usb"):  # the keys _devices builds from the rule id
        for key in (f"{rule_id}.ok", f"{rule_id}.none", f"{rule_id}.virtual", f"{rule_id}.unclear",
                    f"remedy.{rule_id}"):
            assert key in i18n.CATALOG, key


def test_both_languages_everywhere_and_same_placeholders() -> None:
    for key, texts in i18n.CATALOG.items():
        assert texts["zh"] and texts["en"], key
        assert set(re.findall(r"{(\w+)}", texts["zh"])) == set(re.findall(r"{(\w+)}", texts["en"])), key


def test_detect_lang() -> None:
    assert i18n.detect_lang(None, {"LANG": "zh_CN.GBK"}) == "zh"
    assert i18n.detect_lang(None, {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert i18n.detect_lang(None, {}) == "en"
    assert i18n.detect_lang("zh", {"LANG": "C"}) == "zh"
