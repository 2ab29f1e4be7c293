"""Expected answers per role, for ``pytest.mark.parametrize(("role", "status"), ...)``.

Roles are the keys of the ``clients`` fixture. An outsider (no role in the group) gets 404 so
that a URL reveals nothing; an anonymous visitor is sent to the login page (302).
"""

STAFF_ONLY = [
    ("secretary", 200),
    ("staff", 200),
    ("tehran", 403),
    ("isfahan", 403),
    ("outsider", 404),
    ("anonymous", 302),
]

# A step only the secretariat takes (a POST that redirects when it is done).
STAFF_ACTS = [
    ("secretary", 302),
    ("staff", 302),
    ("tehran", 403),
    ("isfahan", 403),
    ("outsider", 404),
    ("anonymous", 302),
]

GROUP_MEMBERS = [
    ("secretary", 200),
    ("staff", 200),
    ("tehran", 200),
    ("isfahan", 200),
    ("outsider", 404),
    ("anonymous", 302),
]


def assert_status_for(client, url: str, status: int):
    """GET ``url`` with ``client``: the expected status, and a 302 that goes to the login page."""
    response = client.get(url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")
    return response
