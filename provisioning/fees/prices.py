"""The versioned price table: prices in fen with the date from which each version applies.

``load_prices(path)`` validates the YAML (every problem with ``file:line: field.path``) and
``PriceTable.on(date)`` picks the version in force that day, so a quote for an earlier date is
priced as it was then.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from checks.errors import InputError, ValidationErrors
from checks.i18n import Msg, add
from checks.yamlio import join, load_yaml
from provisioning.registry.codes import bank_number_problem
from provisioning.registry.model import MAINTENANCE_PLANS
from provisioning.registry.reader import FieldReader

add({
    "prices.err.before": {"zh": "{day} 没有有效的价格：第一个版本从 {first} 开始", "en": "no prices in force on {day}: the first version starts {first}"},
    "prices.err.none": {"zh": "这个文件夹里没有价目表（prices.yml）", "en": "no price table (prices.yml) in this folder"},
    "prices.v.version": {"zh": "本版 qpfleet 只能读取 price_table_version 1",
                         "en": "this qpfleet reads price_table_version 1"},
    "prices.v.no_versions": {"zh": "没有任何价格版本", "en": "no price versions"},
    "prices.v.order": {"zh": "价格版本必须按日期先后排列：{day} 不晚于 {before}",
                       "en": "versions must be in date order: {day} is not after {before}"},
})


@dataclass(frozen=True)
class PriceVersion:
    """The prices in force from ``effective_from`` until the next version."""

    version: str
    effective_from: dt.date
    block_terminals: int
    per_block_fen: int
    default_plan: str
    default_tier: str
    maintenance_fen: dict[str, dict[str, int]]  # tier -> plan -> fen per computer
    per_declaration_fen: int
    source: str = ""


@dataclass(frozen=True)
class PriceTable:
    """Every price version, oldest first, and who is paid."""

    versions: tuple[PriceVersion, ...]
    payee_name: str
    payee_bank: str
    file: str = ""
    payee_number: str = ""  # the sub-centre's own receiving account: shown in full, it is where people pay (§2.3)

    def payee_matches(self, number: str) -> bool:
        """Whether ``number`` (spaces and dashes allowed) is the payee account."""
        return bool(self.payee_number) and number.replace(" ", "").replace("-", "") == self.payee_number

    def on(self, day: dt.date) -> PriceVersion:
        """The version in force on ``day``; an InputError before the first one."""
        starts = [v.effective_from for v in self.versions]
        index = bisect.bisect_right(starts, day) - 1
        if index < 0:
            raise InputError(Msg("prices.err.before", day=day, first=starts[0]),
                             where=self.file or None)
        return self.versions[index]


def find_prices(inventory: str | os.PathLike[str]) -> Path:
    """``prices.yml`` beside the registry: DIR/prices.yml, or the file given."""
    p = Path(inventory)
    if p.is_dir():
        for name in ("prices.yml", "prices.yaml"):
            if (p / name).is_file():
                return p / name
        if p.name == "registry" and (p.parent / "prices.yml").is_file():
            return p.parent / "prices.yml"
        raise InputError(Msg("prices.err.none"), where=str(p))
    return p


def load_prices(path: str | os.PathLike[str]) -> PriceTable:
    """Load and validate a price table file."""
    doc = load_yaml(path, what="price table")
    problems: list[str] = []
    r = FieldReader(doc, problems, [])
    top = r.mapping(doc.data, "", ("price_table_version", "tables", "payee"), ("currency",))
    versions: list[PriceVersion] = []
    payee = ("", "", "")
    if top is not None:
        if top.get("price_table_version") not in (None, 1):
            r.error("price_table_version", Msg("prices.v.version"))
        r.text(top, "currency", "", required=False, choices=("CNY",))
        pm = r.mapping(top.get("payee"), "payee", ("name", "bank", "number"), ()) if "payee" in top else None
        if pm is not None:
            payee = (r.text(pm, "name", "payee") or "", r.text(pm, "bank", "payee") or "",
                     (r.text(pm, "number", "payee", check=bank_number_problem) or "").replace(" ", ""))
        for i, raw in enumerate(r.sequence(top, "tables", "")):
            v = _read_version(r, raw, join("tables", i))
            if v is not None:
                versions.append(v)
    if not problems and not versions:
        r.error("tables", Msg("prices.v.no_versions"))
    starts = [v.effective_from for v in versions]
    for i in range(1, len(starts)):
        if starts[i] <= starts[i - 1]:
            r.error(join(join("tables", i), "effective_from"),
                    Msg("prices.v.order", day=starts[i].isoformat(), before=starts[i - 1].isoformat()))
    if problems:
        raise ValidationErrors(problems, what="the price table")
    return PriceTable(tuple(versions), payee[0], payee[1], str(path), payee[2])


def _read_version(r: FieldReader, raw: object, path: str) -> PriceVersion | None:
    m = r.mapping(raw, path, ("version", "effective_from", "installation", "maintenance", "transmission"),
                  ("source",))
    if m is None:
        return None
    before = len(r.problems)
    version = r.text(m, "version", path)
    start = r.date(m, "effective_from", path)
    ipath, mpath, tpath = join(path, "installation"), join(path, "maintenance"), join(path, "transmission")
    inst = r.mapping(m.get("installation"), ipath, ("block_terminals", "per_block_fen"), ()) or {}
    block = r.integer(inst, "block_terminals", ipath, minimum=1)
    per_block = r.integer(inst, "per_block_fen", ipath)
    maint = r.mapping(m.get("maintenance"), mpath, ("default_plan", "default_tier", "tiers"), ()) or {}
    plan = r.text(maint, "default_plan", mpath, choices=MAINTENANCE_PLANS)
    tiers: dict[str, dict[str, int]] = {}
    raw_tiers = maint.get("tiers")
    tiers_path = join(mpath, "tiers")
    if raw_tiers is not None and r.mapping(raw_tiers, tiers_path, (), tuple(map(str, raw_tiers or ()))) is not None:
        for name, prices in raw_tiers.items():
            tier_path = join(tiers_path, str(name))
            pm = r.mapping(prices, tier_path, MAINTENANCE_PLANS, ())
            if pm is not None:
                tiers[str(name)] = {p: fen for p in MAINTENANCE_PLANS
                                    if (fen := r.integer(pm, p, tier_path)) is not None}
    tier = r.text(maint, "default_tier", mpath, choices=tuple(tiers) or None)
    trans = r.mapping(m.get("transmission"), tpath, ("per_declaration_fen",), ()) or {}
    per_declaration = r.integer(trans, "per_declaration_fen", tpath)
    if len(r.problems) != before:
        return None
    assert version and start and block and per_block is not None and plan and tier and per_declaration is not None
    return PriceVersion(version, start, block, per_block, plan, tier, tiers, per_declaration,
                        str(m.get("source") or ""))
