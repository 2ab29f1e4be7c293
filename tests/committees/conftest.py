import pytest


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(private_media):
    """Every test here uses the shared ``private_media`` fixture of ``tests/conftest.py``."""
