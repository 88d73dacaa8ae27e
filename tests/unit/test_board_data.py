"""The board's overview after main's dispatch changes: on-site guidance, cancelled campaigns, the cut-off, two contracts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from provisioning.board.data import Overview, RequestCounts, build_overview
from provisioning.dispatch.calendar import load_overrides
from provisioning.dispatch.store import Store
from provisioning.registry import load_registry
from tests.support.board_data import CUTOFF, DemoInfo, demo

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime.fromisoformat("2026-12-03T09:00:00+08:00")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Store, DemoInfo]]:
    store = Store(tmp_path / "s.sqlite3")
    info = demo(store, ROOT / "inventory", NOW)
    yield store, info
    store.close()


def overview(store: Store, day_over: bool = False) -> tuple[Overview, Any]:
    reg = load_registry(ROOT / "inventory")
    return build_overview(store, reg, load_overrides(None), CUTOFF, NOW.date(), day_over), reg


def test_guidance_counts_as_an_open_request_and_a_cancelled_campaign_is_no_campaign_day(
        world: tuple[Store, DemoInfo], cli) -> None:
    store, _ = world
    ov, _ = overview(store)
    site = next(s for s in ov.sites if s.code == "5301")
    guidance = store.query("SELECT enterprise FROM requests WHERE kind = 'guidance' AND status = 'open'")
    assert {r["enterprise"] for r in guidance} == {e.code for e in site.enterprises}  # the campaign opened them
    assert [c["day"] for c in site.campaigns] == ["2026-12-08"]
    before = site.requests.total
    code, _, _ = cli("dispatch", "campaign", "cancel", str(site.campaigns[0]["id"]), "--db", str(store.path),
                     "--registry", str(ROOT / "inventory"), "--now", NOW.isoformat())
    assert code == 0
    ov, _ = overview(store)
    site = next(s for s in ov.sites if s.code == "5301")
    assert site.campaigns == [] and site.requests.total == before - len(guidance)  # its guidance went with it


def test_after_the_cut_off_a_request_due_today_is_overdue(world: tuple[Store, DemoInfo]) -> None:
    store, info = world
    first, _ = info.competing  # due today, planned today
    ent = store.query("SELECT enterprise FROM requests WHERE id = ?", (first,))[0]["enterprise"]

    def row(day_over: bool) -> RequestCounts:
        ov, _ = overview(store, day_over)
        return next(e for s in ov.sites for e in s.enterprises if e.code == ent).requests

    assert row(False).overdue == 0 and row(True).overdue == 1


def test_the_sites_rows_carry_both_contracts(world: tuple[Store, DemoInfo]) -> None:
    store, _ = world
    ov, reg = overview(store)
    rows = {e.code: e for s in ov.sites for e in s.enterprises}
    for code, ent in reg.enterprises.items():
        assert (rows[code].transmission_contract, rows[code].service_agreement) == (
            ent.transmission_contract.status, ent.service_agreement.status)
    assert (rows["4403980103"].transmission_contract, rows["4403980103"].service_agreement) == ("none", "none")
