"""Site campaigns: every enterprise of the site notified, what each lacks, only complete ones installed."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from provisioning.dispatch.campaign import notification_list, schedule_installs
from provisioning.dispatch.planner import Engineer
from provisioning.fees.prices import load_prices
from provisioning.fees.quote import installation_fen
from provisioning.registry import load_registry
from tests.conftest import FIXTURES

PRICES = load_prices(FIXTURES / "dispatch" / "registry" / "prices.yml").on(dt.date(2026, 12, 7))


def fee(n: int) -> int:
    return installation_fen(n, PRICES)


@pytest.fixture(scope="module")
def registry():
    return load_registry(FIXTURES / "dispatch" / "registry")


@pytest.mark.parametrize(("n", "fen"), [(1, 150000), (5, 150000), (6, 300000), (10, 300000), (11, 450000)])
def test_installation_fee_from_the_price_table(n: int, fen: int) -> None:
    assert fee(n) == fen


def test_every_enterprise_of_the_site_is_on_the_list(registry) -> None:
    notices = notification_list(registry.enterprises_at("5301"), {"4403990001": 150000}, fee)
    assert [n.customs_code for n in notices] == ["4403990001", "4403990002", "4403990003", "4403990004"]
    by = {n.customs_code: n for n in notices}
    assert by["4403990001"].installable and by["4403990001"].lacks == [] and by["4403990001"].to_install == 2
    assert by["4403990001"].contacts[0]["phone"] == "13800138000"
    lacks2 = " | ".join(map(str, by["4403990002"].lacks))
    assert "transmission-fee contract: pending" in lacks2 and "technical service agreement: pending" in lacks2
    assert "payment: installation fee 1,500.00 yuan" in lacks2
    assert any("no contact person" in str(x) for x in by["4403990002"].notes)
    assert not by["4403990003"].installable and "paid 0.00 yuan" in str(by["4403990003"].lacks[0])
    assert not by["4403990004"].installable and by["4403990004"].lacks == []
    assert "nothing to install" in str(by["4403990004"].notes[0])


def test_partial_payment_still_lacks(registry) -> None:
    notices = notification_list(registry.enterprises_at("5301"), {"4403990001": 100000}, fee)
    assert "paid 1,000.00 yuan" in str(notices[0].lacks[0])


def _ent(**kw):
    base = dict(customs_code="X", name="n", on_approved_list=True, approved_terminals=1,
                transmission_contract=SimpleNamespace(status="signed"),
                service_agreement=SimpleNamespace(status="signed"), bank=SimpleNamespace(type="corporate"), contacts=[],
                terminals=[SimpleNamespace(role="qp", qp_installed=False), SimpleNamespace(role="qp", qp_installed=False)])
    base.update(kw)
    return SimpleNamespace(**base)


def test_over_the_approved_count_and_private_account() -> None:
    (n,) = notification_list([_ent(bank=SimpleNamespace(type="private"))], {"X": 150000}, fee)
    assert any("approved count: 2 QP terminal(s) but 1 approved" in str(x) for x in n.lacks)
    assert any("corporate" in str(x) for x in n.lacks) and not n.installable


def test_not_on_the_list_with_qp_may_sign_later() -> None:
    terms = [SimpleNamespace(role="qp", qp_installed=True), SimpleNamespace(role="qp", qp_installed=False)]
    (n,) = notification_list([_ent(on_approved_list=False, approved_terminals=2, terminals=terms,
                                   service_agreement=SimpleNamespace(status="none"))], {"X": 150000}, fee)
    assert n.installable and any("technical service agreement not signed: may sign later" in str(x) for x in n.notes)
    # the transmission-fee contract is not one of the things that may come later (§1.2)
    (n,) = notification_list([_ent(on_approved_list=False, approved_terminals=2, terminals=terms,
                                   transmission_contract=SimpleNamespace(status="none"),
                                   service_agreement=SimpleNamespace(status="none"))], {"X": 150000}, fee)
    assert not n.installable and "transmission-fee contract: not signed" in str(n.lacks[0])


def test_lacks_in_chinese(registry) -> None:
    notices = notification_list(registry.enterprises_at("5301"), {}, fee)
    assert notices[1].lacks[0].text("zh") == "传输费协议：待签订，集中安装前必须签订（§1.2）"
    assert notices[1].lacks[1].text("zh") == "技术服务协议：待签订，安装前须签订（§2.4）"
    assert "已缴 0.00 元" in notices[2].lacks[0].text("zh")


def test_install_visits_only_for_complete_enterprises(registry) -> None:
    notices = notification_list(registry.enterprises_at("5301"), {"4403990001": 150000, "4403990003": 150000}, fee)
    days = [dt.date(2026, 12, 7), dt.date(2026, 12, 8)]
    engineers = [Engineer("A", frozenset({"install"}), frozenset({"5301"}), 1),
                 Engineer("M", frozenset({"maintenance"}), frozenset({"5301"}), 5)]
    plan, codes = schedule_installs("5301", notices, engineers, days)
    placed = {codes[a.request_id]: (a.engineer, a.day) for a in plan.assignments}
    assert placed == {"4403990001": ("A", days[0]), "4403990003": ("A", days[1])}
