"""Fixtures of the importer tests: the organization index built from the demo facts (no database)."""

from __future__ import annotations

import pytest

from meetings import demo_facts
from meetings.importing import KnownOrganization, OrganizationIndex, parse_minutes
from meetings.importing.structure import MinutesImport

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
