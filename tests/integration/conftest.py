"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.wine import WinePrefix, wine_prefix


@pytest.fixture(scope="session")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WinePrefix]:
    """One booted Wine prefix for the session (zh_CN locale, null graphics driver)."""
    with wine_prefix(tmp_path_factory.mktemp("wineprefix")) as prefix:
        yield prefix
