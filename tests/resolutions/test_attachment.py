"""Report attachments are served only through a permission-checked view, never a public media URL."""

from __future__ import annotations

import pytest

from resolutions.models import FollowUp
from tests.resolutions.factories import PDF_BYTES, isfahan, make_follow_up, other_group, pdf_upload, tehran


def url(follow_up, slug: str = "meydan") -> str:
    return f"/g/{slug}/resolutions/follow-ups/{follow_up.pk}/attachment/"


@pytest.fixture
def tehran_report(resolution_1) -> FollowUp:
    return make_follow_up(resolution_1, tehran(), attachment=pdf_upload())


@pytest.fixture
def isfahan_report(resolution_1) -> FollowUp:
    return make_follow_up(resolution_1, isfahan(), attachment=pdf_upload())


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("secretary", 200),
        ("staff", 200),
        ("tehran", 200),
        ("isfahan", 404),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_who_may_download_tehrans_unaccepted_attachment(clients, tehran_report, role, status):
    response = clients[role].get(url(tehran_report))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        name = f"follow-up-{tehran_report.pk}.pdf"  # sent without a name of its own
        assert response["Content-Disposition"] == f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]


def test_an_accepted_report_is_readable_by_the_other_members(clients, isfahan_report):
    assert clients["tehran"].get(url(isfahan_report)).status_code == 404
    isfahan_report.review = FollowUp.Review.ACCEPTED
    isfahan_report.save(update_fields=["review"])
    assert clients["tehran"].get(url(isfahan_report)).status_code == 200


def test_no_public_media_url(clients, tehran_report):
    assert clients["staff"].get(f"/media/{tehran_report.attachment.name}").status_code == 404
    page = clients["staff"].get(f"/g/meydan/resolutions/{tehran_report.resolution_id}/").content.decode()
    assert tehran_report.attachment.name not in page
    assert url(tehran_report) in page


def test_a_report_without_attachment_or_with_a_lost_file(clients, resolution_1, tehran_report):
    bare = make_follow_up(resolution_1, tehran())
    assert clients["tehran"].get(url(bare)).status_code == 404
    tehran_report.attachment.storage.delete(tehran_report.attachment.name)
    assert clients["tehran"].get(url(tehran_report)).status_code == 404


def test_another_groups_attachment_is_not_found_by_its_id_here(clients):
    _group, _resolution, _committee, follow_up = other_group()
    for role in ("secretary", "staff", "tehran"):
        assert clients[role].get(url(follow_up)).status_code == 404
        assert clients[role].get(url(follow_up, "other")).status_code == 404
