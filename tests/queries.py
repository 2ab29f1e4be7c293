"""Counting the queries of one request, for the tests that pages do not query more as data grows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(client, url: str):
    """The number of queries ``client.get(url)`` ran, and the response (which must be a 200)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response
