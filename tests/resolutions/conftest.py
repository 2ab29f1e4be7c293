"""Fixtures of the resolution tests: the seed's resolutions by number."""

from __future__ import annotations

import pytest

from resolutions.models import Resolution


@pytest.fixture
def resolution_1(session12) -> Resolution:
    """The legal committee's resolution: Tehran leads, Isfahan collaborates; due 31 Shahrivar 1391."""
    return Resolution.objects.get(meeting=session12, number=1)


@pytest.fixture
def resolution_3(session12) -> Resolution:
    """The environment committee's: Tehran leads; Isfahan has no part in it."""
    return Resolution.objects.get(meeting=session12, number=3)


@pytest.fixture
def resolution_8(session12) -> Resolution:
    """Isfahan hosts the 13th session: Isfahan's alone."""
    return Resolution.objects.get(meeting=session12, number=8)
