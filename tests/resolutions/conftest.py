"""Fixtures of the resolution tests: the importer's organization index built from the demo facts
(no database), and uploads kept in a temporary directory, never in the checkout."""

from __future__ import annotations

import pytest

from meetings import demo_facts
from resolutions.importing import KnownOrganization, OrganizationIndex, parse_minutes
from resolutions.importing.structure import MinutesImport
from resolutions.models import Resolution

KEYS = list(demo_facts.ORGANIZATIONS)


def organization_id(key: str) -> int:
    """The id the test index gives the demo organization ``key``."""
    return KEYS.index(key) + 1


def demo_index() -> OrganizationIndex:
    return OrganizationIndex(
        [
            KnownOrganization(
                organization_id(key), data["name"], data["short_name"], data["city"], data["member"]
            )
            for key, data in demo_facts.ORGANIZATIONS.items()
        ],
        group_name=demo_facts.WORKING_GROUP["name"],
    )


@pytest.fixture
def index() -> OrganizationIndex:
    return demo_index()


@pytest.fixture
def parse(index):
    def parse(text: str) -> MinutesImport:
        return parse_minutes(text, organizations=index)

    return parse


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(private_media):
    """Every test here uses the shared ``private_media`` fixture of ``tests/conftest.py``."""


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
