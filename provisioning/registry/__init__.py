"""The enterprise registry: customs sites, enterprises, terminals and cards, loaded and validated in one place.

Public surface (see ``/work/notes/registry-api.md``)::

    from provisioning.registry import load_registry, Registry, CustomsSite, Enterprise, Terminal, Card, Contact
"""

from __future__ import annotations

from provisioning.registry.loader import load_registry, registry_files
from provisioning.registry.model import (
    BankAccount,
    Card,
    Contact,
    CustomsSite,
    Enterprise,
    Registry,
    ServiceAgreement,
    SubCentre,
    Terminal,
    TransmissionContract,
    mask_account_number,
)

__all__ = [
    "BankAccount",
    "Card",
    "Contact",
    "CustomsSite",
    "Enterprise",
    "Registry",
    "ServiceAgreement",
    "SubCentre",
    "Terminal",
    "TransmissionContract",
    "load_registry",
    "mask_account_number",
    "registry_files",
]
