"""The demo registry loads through the public API, and bank numbers never show unmasked."""

from __future__ import annotations

import json

import pytest

import provisioning.cli
from provisioning.registry import BankAccount, Registry, load_registry
from tests.conftest import ROOT

INVENTORY = ROOT / "inventory"


@pytest.fixture
def only_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the CLI with only this area's commands (other areas' modules may be absent on this branch)."""
    monkeypatch.setattr(provisioning.cli, "COMMAND_MODULES", ("provisioning.registry_cli",))


def test_demo_registry_loads() -> None:
    reg = load_registry(INVENTORY)
    assert isinstance(reg, Registry)
    assert set(reg.sites) == {"5301", "5316", "5320"}
    assert len(reg.enterprises) == 7
    assert all(len(e.customs_code) == 10 for e in reg.enterprises.values())
    assert [e.customs_code for e in reg.enterprises_at("5320")] == ["4403980301"]
    hosts = [t.host for _, t in reg.terminals()]
    assert len(hosts) == len(set(hosts)) == 29
    for e, t in reg.terminals():
        if t.role == "longda_backup":
            assert not t.qp_installed and not t.schedulable


def test_bank_number_is_masked_in_str_and_repr() -> None:
    account = BankAccount("深圳市华通报关有限公司", "corporate", "6222600012345678")
    assert account.masked() == "6222 **** **** 5678"
    assert "12345678" not in str(account) and "12345678" not in repr(account)
    assert "00012345" not in repr([account])


def test_inventory_check_demo(cli) -> None:
    code, out, err = cli("inventory", "check", "-i", str(INVENTORY), "--lang", "en")
    assert code == 0, err
    assert "7 enterprises" in out
    assert "(§2.5)" in err  # the off-list enterprise without contract is a warning


def test_inventory_show_json_masks_every_bank_number(cli) -> None:
    code, out, _ = cli("inventory", "show", "-i", str(INVENTORY), "--json")
    assert code == 0
    data = json.loads(out)
    reg = load_registry(INVENTORY)
    for e in reg.enterprises.values():
        assert e.bank.number not in out
        assert e.bank.number[4:-4] not in out
    assert len(data["enterprises"]) == 7


def test_inventory_show_filters(cli) -> None:
    code, out, _ = cli("inventory", "show", "-i", str(INVENTORY), "--site", "5320", "--lang", "zh")
    assert code == 0
    assert "沙头角" in out and "皇岗" not in out
    assert "龙达备份机" in out
    code, _, err = cli("inventory", "show", "-i", str(INVENTORY), "--site", "9999")
    assert code == 2 and "unknown customs site '9999'" in err


def test_inventory_check_reports_every_problem_and_exits_2(cli, tmp_path) -> None:
    from tests.conftest import FIXTURES

    text = (FIXTURES / "registry" / "valid.yml").read_text(encoding="utf-8")
    broken = tmp_path / "r.yml"
    broken.write_text(text.replace("chassis: tower", "chassis: laptop").replace("type: corporate", "type: private", 1)
                      .replace("signed_on: 2007-12-01", "signed_on: 2999-01-01"), encoding="utf-8")
    code, out, err = cli("inventory", "check", "-i", str(broken))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"qpfleet: error: {broken}:22: enterprises[0].bank.type: a private account cannot pay: the enterprise's "
        "corporate account only (§2.3)",
        f"qpfleet: error: {broken}:75: enterprises[1].terminals[0].chassis: 'laptop' cannot be a QP terminal "
        "(pc-qp01): desktops only (§6.1)",
        f"qpfleet: error: {broken}:65: enterprises[1].contract.signed_on: signed_on 2999-01-01 is in the future",
    ]
