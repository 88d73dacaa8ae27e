"""``--limit SITE|ENTERPRISE|HOST[,...]`` against the registry: the QP terminals a fleet run works on.

Each item is a customs site code (``5301``) or its group (``site_5301``), an enterprise's customs
code (``4403980101``), group (``enterprise_4403980101``) or full name, a terminal's host name, or
``all``. Only QP terminals are hosts (the old vendor's backups and road-port-only PCs never are);
terminals reachable only with the USB kit are set aside with a note, unless named one by one, which
is an error. An item that matches nothing is an error with the closest names. Pure: no I/O.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from checks.errors import InputError
from checks.i18n import h
from provisioning.fleet import words  # noqa: F401  (registers the words)
from provisioning.registry.model import Enterprise, Registry, Terminal


@dataclass(frozen=True)
class Host:
    """One selected terminal, with the codes and names of its enterprise and customs site."""

    name: str
    site: str
    site_name: str
    enterprise: str
    enterprise_name: str
    via: str

    def as_dict(self) -> dict[str, str]:
        return {"host": self.name, "site": self.site, "enterprise": self.enterprise}


@dataclass
class Selection:
    """The hosts to run on (registry order) and the QP terminals set aside for the USB kit."""

    hosts: list[Host] = field(default_factory=list)
    kit_only: list[Host] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [h.name for h in self.hosts]


def host_of(reg: Registry, e: Enterprise, t: Terminal) -> Host:
    site = reg.sites.get(e.site)
    return Host(t.host, e.site, site.name if site else e.site, e.customs_code, e.name, str(t.connection["via"]))


def _items(limit: str) -> list[str]:
    items = [part.strip() for part in limit.split(",")]
    if not limit.strip() or any(not i for i in items):
        raise InputError(h("fleet.limit.empty", limit=limit), where="--limit")
    return items


def select(reg: Registry, limit: str) -> Selection:
    """The QP terminals matching ``limit``; raises :class:`InputError` naming the item that matches nothing."""
    qp = [(e, t) for e, t in reg.terminals() if t.is_qp_target]
    by_host = {t.host: (e, t) for e, t in reg.terminals()}
    chosen: dict[str, tuple[Enterprise, Terminal]] = {}
    named: set[str] = set()
    for item in _items(limit):
        key = item.removeprefix("site_").removeprefix("enterprise_")
        if item == "all":
            matched = qp
        elif key in reg.sites and not item.startswith("enterprise_"):
            matched = [(e, t) for e, t in qp if e.site == key]
        elif key in reg.enterprises or any(e.name == item for e in reg.enterprises.values()):
            matched = [(e, t) for e, t in qp if key in (e.customs_code,) or e.name == item]
        elif item in by_host:
            e, t = by_host[item]
            if not t.is_qp_target:
                raise InputError(h("fleet.limit.not_qp", host=item, owner=e.name, role=h(f"fleet.role.{t.role}")),
                                 where="--limit")
            matched = [(e, t)]
            named.add(item)
        else:
            names = [*reg.sites, *reg.enterprises, *by_host, *(e.name for e in reg.enterprises.values())]
            close = difflib.get_close_matches(item, names, n=3, cutoff=0.6)
            hint = h("fleet.limit.didyoumean", names=", ".join(close)) if close else h("fleet.limit.give")
            raise InputError(h("fleet.limit.nomatch", item=item), where="--limit", hint=hint)
        if not matched:
            raise InputError(h("fleet.limit.no_qp", item=item), where="--limit")
        for e, t in matched:
            chosen.setdefault(t.host, (e, t))
    selection = Selection()
    for e, t in qp:             # registry order, whatever the order of the items
        if t.host not in chosen:
            continue
        host = host_of(reg, e, t)
        if t.connection["via"] == "offline-kit":
            if t.host in named:
                raise InputError(h("fleet.limit.kit_only_host", host=t.host, enterprise=e.customs_code),
                                 where="--limit")
            selection.kit_only.append(host)
        else:
            selection.hosts.append(host)
    if not selection.hosts:
        raise InputError(h("fleet.limit.kit_only_all", limit=limit, n=len(selection.kit_only)), where="--limit",
                         hint="qpfleet kit build --enterprise CODE")
    return selection


def hosts_named(reg: Registry, names: list[str], where: str) -> Selection:
    """The hosts ``names`` (a retried run's), which must all still be QP terminals in the registry."""
    index = {t.host: (e, t) for e, t in reg.terminals() if t.is_qp_target}
    missing = [n for n in names if n not in index]
    if missing:
        raise InputError(h("fleet.limit.gone", hosts=", ".join(missing[:10])), where=where)
    return Selection(hosts=[host_of(reg, *index[n]) for n in names])
