"""Fixtures shared by the integration tests: one Wine prefix for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import require_program
from tests.support.wine import WinePrefix, start_prefix, stop_prefix


@pytest.fixture(scope="session")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WinePrefix]:
    """A booted Wine prefix (zh_CN, Beijing time zone, null display) shared by every Wine test."""
    require_program("wine")
    require_program("wine64")
    prefix, server = start_prefix(tmp_path_factory.mktemp("wineprefix"))
    try:
        yield prefix
    finally:
        stop_prefix(prefix, server)
