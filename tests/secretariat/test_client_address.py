"""The address login throttling counts by: the connection's, or the one trusted proxies forwarded."""

import pytest
from django.test import RequestFactory

from meetings.demo_facts import DEMO_PASSWORD
from secretariat.access import client_address

LOGIN = "/accounts/login/"


def request_from(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.5"),
        (0, "203.0.113.9", "10.0.0.5"),  # without proxies the header is the client's to write: ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # what the client wrote first is not believed
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (1, None, "10.0.0.5"),  # a request that did not come through the proxy
        (2, "203.0.113.9", "10.0.0.5"),  # fewer hops than proxies: not trusted
    ],
)
def test_client_address(settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    assert client_address(request_from("10.0.0.5", forwarded)) == expected


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(client, demo_group, settings):
    settings.PROXY_COUNT = 1
    attacker = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    colleague = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "dabir", "password": "wrong-guess"}, **attacker)
    assert client.post(LOGIN, {"username": "dabir", "password": DEMO_PASSWORD}, **attacker).status_code == 429
    response = client.post(LOGIN, {"username": "dabir", "password": DEMO_PASSWORD}, **colleague)
    assert response.status_code == 302
