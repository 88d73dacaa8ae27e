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
                      .replace("signed_on: 2007-12-01", "signed_on: 2999-01-01", 1), encoding="utf-8")
    code, out, err = cli("inventory", "check", "-i", str(broken))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"qpfleet: error: {broken}:26: enterprises[0].bank.type: a private account cannot pay: the enterprise's "
        "corporate account only (§2.3)",
        f"qpfleet: error: {broken}:83: enterprises[1].terminals[0].chassis: 'laptop' cannot be a QP terminal "
        "(pc-qp01): desktops only (§6.1)",
        f"qpfleet: error: {broken}:69: enterprises[1].transmission_contract.signed_on: signed_on 2999-01-01 is in the "
        "future",
    ]


def test_two_contracts_shown_as_separate_fields(cli) -> None:
    """§1 (transmission-fee contract, reused while the account is unchanged) and §2.4 (technical service agreement)."""
    code, out, _ = cli("inventory", "show", "-i", str(INVENTORY), "--enterprise", "4403980101", "--lang", "zh")
    assert code == 0
    assert "传输费协议: 已签订 2006-03-15（沿用原合同，账户未变，§1.3）  扣款账号 4437 **** **** **** 3456" in out
    assert "技术服务协议: 已签订 2007-11-26" in out and "地址: 深圳市福田区福田路168号华通商务大厦1203室" in out
    code, out, _ = cli("inventory", "show", "-i", str(INVENTORY), "--enterprise", "4403980103", "--json")
    ent = json.loads(out)["enterprises"][0]
    assert ent["transmission_contract"] == {"status": "none", "signed_on": None, "signer": None,
                                           "account_number": None, "reused": False}
    assert ent["service_agreement"] == {"status": "none", "signed_on": None}
    assert "contract" not in ent


def test_no_entry_rights_without_a_transmission_fee_contract(cli, tmp_path) -> None:
    """§3.2, §4.4: the demo's enterprises without the contract hold cards without 暂存/上载; granting them is an error."""
    reg = load_registry(INVENTORY)
    for e in reg.enterprises.values():
        if e.transmission_contract.status != "signed":
            assert all(not {"save", "upload"} & set(c.rights) for c in e.cards if c.status != "cancelled")
    import shutil

    inv = tmp_path / "inventory"
    shutil.copytree(INVENTORY / "registry", inv / "registry")
    site = inv / "registry" / "site-5316.yml"
    site.write_text(site.read_text("utf-8").replace("rights: []   #", "rights: [save]   #"), "utf-8")
    code, _, err = cli("inventory", "check", "-i", str(inv), "--lang", "zh")
    assert code == 2 and err.count("qpfleet: 错误") + err.count("qpfleet: error") == 1
    assert "enterprises[2].cards[0].rights: 卡 5316030001 有录入权（暂存 save），但企业没有已签订的传输费协议" in err
    assert "（§3.2、§4.4）" in err
