"""The sub-centre's service point of a customs site, for the self-check report's "what to do next".

Read from the registry (the site's ``sub_centre`` settings) and the price table in force (the fee of a
single maintenance visit, the payee when the site names none), through the one loader of each.
"""

from __future__ import annotations

import datetime as dt
import os

from checks.errors import InputError
from checks.i18n import Msg
from checks.next_steps import ServicePoint
from provisioning.registry import texts  # noqa: F401  (registers the registry's words)


def service_point(site_code: str, registry: str | os.PathLike[str], today: dt.date) -> ServicePoint:
    """The service point of ``site_code``; an InputError naming the known sites when it has none."""
    from provisioning.fees.prices import find_prices, load_prices
    from provisioning.fees.render import yuan
    from provisioning.registry import load_registry

    reg = load_registry(registry, today=today)
    site = reg.sites.get(site_code)
    if site is None:
        raise InputError(Msg("inv.err.site", site=repr(site_code), known=", ".join(sorted(reg.sites))), where="--site")
    sc = site.sub_centre
    if sc is None:
        raise InputError(Msg("service.err.no_sub_centre", site=site_code), where="--site")
    fee = payee = bank = None
    try:
        table = load_prices(find_prices(registry))
    except InputError:
        table = None  # a registry without a price table: the report names no fee
    if table is not None:
        prices = table.on(today)
        per_visit = prices.maintenance_fen.get(prices.default_tier, {}).get("per-visit")
        fee = yuan(per_visit).removesuffix(".00") if per_visit else None
        payee, bank = table.payee_name, table.payee_bank
    return ServicePoint(site.code, site.name, sc.name, sc.phone, sc.address, sc.contact, sc.email, sc.hours,
                        sc.payee or payee, sc.bank or bank, fee)
