"""The registry and price table the board serves: the last valid ones, reloaded when their files change.

At start an invalid registry is an error (the server refuses to start with the registry's own
messages). While running, the files' names, sizes and modification times are looked at no more
often than every ``interval`` seconds; when they changed they are loaded again in the thread that
noticed (others keep serving meanwhile). A registry that no longer validates is not used: the
board keeps the last valid one and shows the errors in a banner until the files are fixed.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.errors import QpError, ValidationErrors
from checks.i18n import Msg
from provisioning.board import texts  # noqa: F401  (board.problems)
from provisioning.registry import Registry, load_registry, registry_files

Signature = tuple[tuple[str, int, int], ...]


@dataclass
class Loaded:
    """One consistent snapshot: registry, price table (None with ``prices_error``), generation number."""

    registry: Registry
    prices: Any
    prices_error: str | None
    generation: int
    errors: list[str] = field(default_factory=list)  # of a newer version that did not validate
    _hosts: dict[str, tuple[Any, Any]] | None = field(default=None, repr=False)

    def terminal(self, host: str) -> tuple[Any, Any] | None:
        """(enterprise, terminal) of a host name in the registry, or None."""
        if self._hosts is None:
            self._hosts = {term.host: (ent, term) for ent, term in self.registry.terminals()}
        return self._hosts.get(host)


def _signature(inventory: Path) -> Signature:
    files = list(registry_files(inventory))
    for name in ("prices.yml", "prices.yaml"):
        if (inventory / name).is_file():
            files.append(inventory / name)
    out = []
    for f in files:
        st = f.stat()
        out.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(out)


def _load_prices(inventory: Path) -> tuple[Any, str | None]:
    from provisioning.fees.prices import find_prices, load_prices

    try:
        return load_prices(find_prices(inventory)), None
    except ValidationErrors as exc:
        return None, Msg("board.problems", lines=list(exc.problems[:5]))   # shown in each reader's language
    except QpError as exc:
        return None, exc.as_msg()


class RegistryHolder:
    """Holds the last valid registry; :meth:`current` returns it, reloading when the files changed."""

    def __init__(self, inventory: str | os.PathLike[str], today: Callable[[], dt.date], interval: float = 2.0) -> None:
        self.inventory = Path(inventory)
        self.today = today
        self.interval = interval
        self._lock = threading.Lock()
        self._signature = _signature(self.inventory)
        # the messages in the language of the process (`qpfleet --lang` / the locale): printed where it starts
        registry = load_registry(self.inventory, today=today())  # ValidationErrors: refuse
        prices, prices_error = _load_prices(self.inventory)
        self._loaded = Loaded(registry, prices, prices_error, 1)
        self._checked = time.monotonic()

    def current(self) -> Loaded:
        """The snapshot to serve; looks at the files at most every ``interval`` seconds."""
        if time.monotonic() - self._checked >= self.interval and self._lock.acquire(blocking=False):
            try:
                self._checked = time.monotonic()
                self._reload_if_changed()
            finally:
                self._lock.release()
        return self._loaded

    def _reload_if_changed(self) -> None:
        old = self._loaded
        try:
            signature = _signature(self.inventory)
        except (OSError, QpError) as exc:
            error = exc.as_msg() if isinstance(exc, QpError) else str(exc)
            self._loaded = Loaded(old.registry, old.prices, old.prices_error, old.generation, [error], old._hosts)
            self._signature = ()
            return
        if signature == self._signature:
            return
        try:
            registry = load_registry(self.inventory, today=self.today())
        except ValidationErrors as exc:
            errors = list(exc.problems)
        except QpError as exc:
            errors = [exc.as_msg()]
        else:
            prices, prices_error = _load_prices(self.inventory)
            self._loaded = Loaded(registry, prices, prices_error, old.generation + 1)
            self._signature = signature
            return
        self._loaded = Loaded(old.registry, old.prices, old.prices_error, old.generation, errors, old._hosts)
        self._signature = signature  # the same broken files are not read again and again
