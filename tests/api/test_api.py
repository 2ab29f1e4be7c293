"""The API answers each caller what the pages' access rules let its user see and do (#26)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.actions import make_token, revoke_token
from api.errors import english_of
from api.models import ApiToken, digest_of
from meetings.models import Meeting
from resolutions.models import ExtensionRequest, FollowUp, InformationRequest, Resolution
from secretariat.access import access_for
from secretariat.models import AuditRecord, Organization
from tests.sample_data import add_sample_resolutions

TEHRAN_RW = "sk_demo_tehran_read_write"
TEHRAN_READ = "sk_demo_tehran_read"
ESFAHAN_RW = "sk_demo_esfahan_read_write"
DABIR_READ = "sk_demo_dabir_read"
BASE = "/api/v1/groups/meydan"
READS = [
    "/api/v1/groups/",
    f"{BASE}/sessions/",
    f"{BASE}/sessions/12/",
    f"{BASE}/sessions/12/revisions/1/",
    f"{BASE}/resolutions/",
    f"{BASE}/committees/",
    f"{BASE}/requests/",
]


def published_session(group, number, resolutions):
    """A published session of ``resolutions`` signed resolutions (added before it was locked)."""
    meeting = Meeting.objects.create(working_group=group, number=number, status=Meeting.Status.HELD)
    add_sample_resolutions(meeting, resolutions)
    Resolution.objects.filter(meeting=meeting).update(first_signed_revision=1)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    return meeting


def call(client, secret, url, method="get", body=None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    if method == "get":
        return client.get(url, **headers, **extra)
    if isinstance(body, dict) and not any(hasattr(value, "read") for value in body.values()) and not extra:
        return client.post(url, json.dumps(body), content_type="application/json", **headers)
    return client.post(url, body, **headers, **extra)


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("url", READS)
def test_without_a_valid_token_every_read_is_refused_with_a_json_error(client, demo_group, url):
    for secret in (None, "sk_not_a_token", ""):
        response = call(client, secret, url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        body = response.json()
        assert body["code"] == "unauthorized"
        assert body["message"]["fa"].startswith("توکن معتبر") and body["message"]["en"].startswith(
            "Send a valid token"
        )


def test_a_revoked_token_and_a_token_of_a_deactivated_user_are_refused(client, demo_group):
    tehran = user("tehran")
    token, secret = make_token(tehran, name="سامانه آزمایشی", scope="read", shared=False)
    assert call(client, secret, "/api/v1/groups/").status_code == 200
    revoke_token(tehran, token)
    assert call(client, secret, "/api/v1/groups/").status_code == 401
    _token, other = make_token(tehran, name="دیگری", scope="read", shared=False)
    tehran.is_active = False
    tehran.save()
    assert call(client, other, "/api/v1/groups/").status_code == 401


def test_an_organizations_token_stops_when_its_maker_leaves_the_organization(client, demo_group):
    tehran = user("tehran")
    _token, secret = make_token(tehran, name="سامانه سازمان", scope="read", shared=True)
    assert call(client, secret, "/api/v1/groups/").status_code == 200
    person = tehran.person
    person.organization = Organization.objects.exclude(pk=person.organization_id).first()
    person.save()
    assert call(client, secret, "/api/v1/groups/").status_code == 401


@pytest.mark.parametrize(
    "secret,username",
    [(TEHRAN_RW, "tehran"), (TEHRAN_READ, "tehran"), (ESFAHAN_RW, "esfahan"), (DABIR_READ, "dabir")],
)
def test_each_token_reads_exactly_what_its_user_reads_on_the_pages(client, demo_group, secret, username):
    access = access_for(user(username), demo_group)
    groups = call(client, secret, "/api/v1/groups/").json()
    assert "meydan" in [group["slug"] for group in groups]
    sessions = call(client, secret, f"{BASE}/sessions/").json()
    assert sorted(item["number"] for item in sessions["items"]) == sorted(
        Meeting.objects.visible_to(access).values_list("number", flat=True)
    )
    resolutions = call(client, secret, f"{BASE}/resolutions/").json()
    assert resolutions["count"] == Resolution.objects.visible_to(access).count()
    assert {item["id"] for item in resolutions["items"]} == set(
        Resolution.objects.visible_to(access).values_list("pk", flat=True)[:50]
    )
    hidden = Resolution.objects.for_group(demo_group).exclude(
        pk__in=Resolution.objects.visible_to(access).values("pk")
    )
    for resolution in hidden[:3]:
        assert call(client, secret, f"{BASE}/resolutions/{resolution.pk}/").status_code == 404
    for number in (
        Meeting.objects.for_group(demo_group)
        .exclude(pk__in=Meeting.objects.visible_to(access).values("pk"))
        .values_list("number", flat=True)
    ):
        assert call(client, secret, f"{BASE}/sessions/{number}/").status_code == 404


def test_a_member_never_reads_a_draft_staff_do(client, demo_group, session13):
    meeting = Meeting.objects.create(working_group=demo_group, number=14, status=Meeting.Status.HELD)
    add_sample_resolutions(meeting, 3)
    draft_ids = set(meeting.resolutions.values_list("pk", flat=True))
    member = {item["id"] for item in call(client, TEHRAN_RW, f"{BASE}/resolutions/?page=1").json()["items"]}
    staff = call(client, DABIR_READ, f"{BASE}/resolutions/").json()
    assert not member & draft_ids
    assert draft_ids <= {item["id"] for item in staff["items"]}
    some = next(iter(draft_ids))
    assert call(client, TEHRAN_RW, f"{BASE}/resolutions/{some}/").status_code == 404
    # The session itself (when, where) is open to members; its agenda shows accepted items only.
    assert call(client, TEHRAN_RW, f"{BASE}/sessions/14/").status_code == 200


def test_another_groups_user_sees_nothing_of_this_group(client, demo_group):
    outsider = get_user_model().objects.create_user("outsider-api")
    _token, secret = make_token(outsider, name="بیرونی", scope="read_write", shared=False)
    assert call(client, secret, "/api/v1/groups/").json() == []
    for url in READS[1:]:
        response = call(client, secret, url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"


def test_the_signed_revision_carries_the_frozen_facts_and_its_signatures(client, session12):
    body = call(client, TEHRAN_READ, f"{BASE}/sessions/12/revisions/1/").json()
    revision = session12.revisions.get(number=1)
    assert body["verification_code"] == revision.verification_code
    assert body["content"] == json.loads(json.dumps(revision.content))
    assert len(body["signatures"]) == revision.signatures.count()
    assert call(client, TEHRAN_READ, f"{BASE}/sessions/12/revisions/9/").status_code == 404


def test_filters_by_status_responsible_deadline_and_mine(client, demo_group):
    tehran = user("tehran").person.organization
    access = access_for(user("tehran"), demo_group)
    visible = Resolution.objects.visible_to(access)

    def ids(query):
        return {
            item["id"] for item in call(client, TEHRAN_READ, f"{BASE}/resolutions/?{query}").json()["items"]
        }

    assert ids("status=open") == set(visible.filter(status="open").values_list("pk", flat=True))
    assert ids(f"responsible={tehran.pk}") == set(
        visible.filter(responsible_organization=tehran).values_list("pk", flat=True)
    )
    assert ids("mine=true") == set(visible.for_organization(tehran).values_list("pk", flat=True))
    dated = [r for r in visible if r.effective_deadline]
    assert dated, "the demo has dated deadlines"
    cutoff = min(r.effective_deadline for r in dated)
    assert ids(f"deadline_before={cutoff.isoformat()}") == {
        r.pk for r in dated if r.effective_deadline <= cutoff
    }
    refused = call(client, TEHRAN_READ, f"{BASE}/resolutions/?status=nonsense")
    assert refused.status_code == 422 and "status" in refused.json()["fields"]
    refused = call(client, TEHRAN_READ, f"{BASE}/resolutions/?page=0")
    assert refused.status_code == 422 and "page" in refused.json()["fields"]


def test_pages_of_fifty_with_the_count(client, demo_group):
    published_session(demo_group, 15, 60)
    first = call(client, DABIR_READ, f"{BASE}/resolutions/").json()
    total = Resolution.objects.for_group(demo_group).count()
    assert first["count"] == total and first["pages"] == -(-total // 50) and len(first["items"]) == 50
    last = call(client, DABIR_READ, f"{BASE}/resolutions/?page={first['pages']}").json()
    assert len(last["items"]) == total - 50 * (first["pages"] - 1)
    assert call(client, DABIR_READ, f"{BASE}/resolutions/?page=99").json()["items"] == []


def test_a_read_answers_304_to_the_etag_it_gave(client, demo_group, one_minute):  # the ETag names the minute
    url = f"{BASE}/resolutions/"
    response = call(client, TEHRAN_READ, url)
    etag = response["ETag"]
    assert etag
    again = call(client, TEHRAN_READ, url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert call(client, TEHRAN_READ, url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_too_many_calls_answer_429_with_the_wait(client, demo_group, settings):
    from django.core.cache import cache

    from api.auth import RATE

    cache.clear()
    RATE.forget()
    settings.API_RATE = "3/day"  # a window the test does not cross (a minute's could end mid-test)
    try:
        answers = [call(client, TEHRAN_READ, "/api/v1/groups/").status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        refused = call(client, TEHRAN_READ, "/api/v1/groups/")
        assert refused.json()["code"] == "throttled" and int(refused["Retry-After"]) >= 1
        assert call(client, ESFAHAN_RW, "/api/v1/groups/").status_code == 200  # per token
    finally:
        cache.clear()
        RATE.forget()


# ---- writes


def test_a_read_only_token_writes_nothing(client, demo_group):
    resolution = Resolution.objects.visible_to(access_for(user("tehran"), demo_group)).first()
    response = call(
        client,
        TEHRAN_READ,
        f"{BASE}/resolutions/{resolution.pk}/extension-requests/",
        "post",
        {"requested_deadline": "2031-01-01", "reason": "دلیل"},
    )
    assert response.status_code == 403
    assert response.json()["message"]["en"] == "This token may only read."
    assert not ExtensionRequest.objects.exists()


def _reportable(demo_group, username):
    access = access_for(user(username), demo_group)
    return Resolution.objects.visible_to(access).in_force().for_organization(access.organization).first()


def test_a_report_goes_through_the_same_action_and_checks_as_the_page(client, demo_group):
    resolution = _reportable(demo_group, "tehran")
    url = f"{BASE}/resolutions/{resolution.pk}/reports/"
    refused = client.post(
        url,
        {"text": "گزارش", "proposed_status": "in_progress", "progress": "150"},
        HTTP_AUTHORIZATION=f"Bearer {TEHRAN_RW}",
    )
    assert refused.status_code == 422
    assert refused.json()["fields"]["progress"][0]["fa"] == "درصد را از ۰ تا ۱۰۰ وارد کنید."
    assert refused.json()["fields"]["progress"][0]["en"] == "Enter a percentage from 0 to 100."
    pdf = SimpleUploadedFile(
        "گزارش.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )
    made = client.post(
        url,
        {
            "text": "بازار روز راه‌اندازي شد",
            "proposed_status": "in_progress",
            "progress": "40",
            "attachment": pdf,
        },
        HTTP_AUTHORIZATION=f"Bearer {TEHRAN_RW}",
    )
    assert made.status_code == 201, made.content
    report = FollowUp.objects.get(pk=made.json()["id"])
    assert report.text == "بازار روز راه‌اندازی شد"  # normalized as the page normalizes it
    assert report.progress == 40 and report.author == user("tehran") and report.attachment
    assert report.attachment_name == "گزارش.pdf"
    assert AuditRecord.objects.filter(action="follow_up.filed", actor=user("tehran")).exists()
    # Isfahan has no part in it: refused, as on the page.
    if resolution.involvement_of(user("esfahan").person.organization) is None:
        other = client.post(
            url,
            {"text": "x", "proposed_status": "done", "progress": "1"},
            HTTP_AUTHORIZATION=f"Bearer {ESFAHAN_RW}",
        )
        assert other.status_code in (403, 404)


def test_staff_do_not_report_for_an_organization(client, demo_group):
    resolution = _reportable(demo_group, "tehran")
    _token, secret = make_token(user("dabir"), name="دبیر", scope="read_write", shared=False)
    response = client.post(
        f"{BASE}/resolutions/{resolution.pk}/reports/",
        {"text": "x", "proposed_status": "done", "progress": "10"},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code in (403, 409)
    assert response.json()["message"]["fa"]


def test_an_extension_is_asked_once_with_both_languages_in_the_refusal(client, demo_group):
    from resolutions import steps

    access = access_for(user("tehran"), demo_group)
    resolution = next(
        found
        for found in Resolution.objects.visible_to(access).in_force().filter(deadline_date__isnull=False)
        if steps.RESOLUTION_STEPS.refusal(steps.ASK_EXTENSION, access, found) is None
    )
    url = f"{BASE}/resolutions/{resolution.pk}/extension-requests/"
    early = call(client, TEHRAN_RW, url, "post", {"requested_deadline": "2000-01-01", "reason": "دلیل"})
    assert early.status_code == 422
    assert early.json()["message"]["en"].startswith("Ask for a date after the current deadline, ")
    made = call(client, TEHRAN_RW, url, "post", {"requested_deadline": "2031-01-01", "reason": "كار زیاد"})
    assert made.status_code == 201 and made.json()["requested_deadline_jalali"] == "1409/10/11"
    assert ExtensionRequest.objects.get(pk=made.json()["id"]).reason == "کار زیاد"
    again = call(client, TEHRAN_RW, url, "post", {"requested_deadline": "2031-02-01", "reason": "دلیل"})
    assert again.status_code == 422
    assert (
        again.json()["message"]["en"] == "Your organization already asked for an extension of this deadline."
    )


def test_a_reply_is_taken_and_a_proposal_after_the_cutoff_refused_with_the_reason(client, session13):
    from meetings.models import AttendanceReply

    # The demo's 13th session: replies are open, proposals closed (its cutoff is in 1391).
    proposal = call(client, ESFAHAN_RW, f"{BASE}/sessions/13/proposals/", "post", {"title": "بند پیشنهادی"})
    assert proposal.status_code == 409 and proposal.json()["code"] == "not_now"
    assert proposal.json()["message"]["fa"].startswith("مهلت پیشنهاد")
    reply = call(
        client, ESFAHAN_RW, f"{BASE}/sessions/13/reply/", "post", {"answer": "absent", "reason": "سفر"}
    )
    assert reply.status_code == 200, reply.content
    stored = AttendanceReply.objects.get(meeting=session13, organization=user("esfahan").person.organization)
    assert stored.answer == "absent" and stored.reason == "سفر" and stored.replied_by == user("esfahan")
    bad = call(client, ESFAHAN_RW, f"{BASE}/sessions/13/reply/", "post", {"answer": "maybe"})
    assert bad.status_code == 422 and "answer" in bad.json()["fields"]


def test_while_a_correction_is_drafted_a_member_reads_the_signed_resolution_not_the_draft(client, session12):
    from meetings.signing.actions import open_correction

    open_correction(access_for(user("dabir"), session12.working_group), session12, reason="اصلاح نام سازمان")
    resolution = Resolution.objects.filter(meeting=session12, responsible_kind="organization").first()
    other = Organization.objects.exclude(pk=resolution.responsible_organization_id).first()
    Resolution.objects.filter(pk=resolution.pk).update(
        responsible_organization=other, text="متن تازه پیش‌نویس"
    )
    member = call(client, TEHRAN_READ, f"{BASE}/resolutions/{resolution.pk}/").json()
    assert member["responsible_organization"] is None and member["responsible_kind"] == ""
    assert member["text"] != "متن تازه پیش‌نویس" and member["responsible"]
    staff = call(client, DABIR_READ, f"{BASE}/resolutions/{resolution.pk}/").json()
    assert staff["responsible_organization"]["id"] == other.pk and staff["text"] == "متن تازه پیش‌نویس"


def test_an_answer_to_a_request_addressed_to_the_organization(client, demo_group):
    tehran = user("tehran").person.organization
    asked = InformationRequest.objects.for_group(demo_group).filter(recipients=tehran, status="open").first()
    assert asked is not None, "the demo asks Tehran for information"
    response = call(client, TEHRAN_RW, f"{BASE}/requests/{asked.pk}/answer/", "post", {"text": "پاسخ تهران"})
    assert response.status_code == 200, response.content
    assert asked.answers.get(organization=tehran).text == "پاسخ تهران"
    listed = call(client, TEHRAN_RW, f"{BASE}/requests/").json()
    assert [item["answered"] for item in listed if item["id"] == asked.pk] == [True]


# ---- tokens


def test_the_tokens_page_shows_a_secret_once_and_keeps_only_its_digest(client, demo_group):
    client.force_login(user("tehran"))
    made = client.post(
        "/accounts/tokens/", {"name": "سامانه بايگاني", "scope": "read", "shared": "on"}, follow=True
    )
    page = made.content.decode()
    token = ApiToken.objects.get(name="سامانه بایگانی")  # normalized
    secret = page.split('id="new-token-secret">')[1].split("<")[0]
    assert token.digest == digest_of(secret) and secret not in str(token.__dict__)
    assert token.organization == user("tehran").person.organization
    assert secret not in client.get("/accounts/tokens/").content.decode()  # shown once
    empty = client.post("/accounts/tokens/", {"name": "", "scope": "read"})
    assert empty.status_code == 422 and "is-invalid" in empty.content.decode()
    # Another user of Tehran would see the organization's token; Isfahan's user does not.
    client.force_login(user("esfahan"))
    assert "سامانه بایگانی" not in client.get("/accounts/tokens/").content.decode()
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    client.force_login(user("tehran"))
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert call(client, secret, "/api/v1/groups/").status_code == 401


def test_an_overlong_name_is_refused_not_cut(demo_group):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_token(user("tehran"), name="ن" * 101, scope="read", shared=False)


def test_english_is_found_for_a_persian_message_with_values():
    assert english_of("این توکن فقط اجازه خواندن دارد.") == "This token may only read."
    assert english_of("پیامی که در فهرست نیست") == "پیامی که در فهرست نیست"


def test_the_openapi_document_is_made_once_a_process_and_served_whole(client, demo_group):
    from api.views import api

    made = api.get_openapi_schema(path_prefix="/api/v1")
    assert api.get_openapi_schema(path_prefix="/api/v1") is made
    served = client.get("/api/v1/schema/").json()
    assert served["paths"].keys() == made["paths"].keys() and served["info"]["title"] == "Secretariat API"


def test_the_reference_page_lists_every_operation_in_persian(client, demo_group):
    page = client.get("/api/v1/reference/").content.decode()
    schema = client.get("/api/v1/schema/").json()
    for path in schema["paths"]:
        assert path in page
    assert "پیشنهاد یک بند برای دستور کار" in page


# ---- queries: a list costs the same however much there is


LISTS = [
    f"{BASE}/sessions/",
    f"{BASE}/resolutions/",
    f"{BASE}/committees/",
    f"{BASE}/requests/",
    "/api/v1/groups/",
]


def _counts(client, secret, **headers):
    call(client, secret, "/api/v1/groups/")  # the token's last use is written now, not while counting
    counts = {}
    for url in LISTS:
        with CaptureQueriesContext(connection) as context:
            response = call(client, secret, url, **headers)
        assert response.status_code == 200, url
        counts[url] = len(context)
    return counts


KEPT_READ_BUDGET = 4  # the token, the data version, the cache's lookup; one to spare


@pytest.mark.parametrize("secret", [TEHRAN_READ, DABIR_READ])
def test_each_list_runs_the_same_queries_at_two_sizes(client, demo_group, secret, one_minute):
    small = _counts(client, secret, HTTP_CACHE_CONTROL="no-cache")  # made afresh
    for number in (20, 21, 22):
        published_session(demo_group, number, 25)
    large = _counts(client, secret, HTTP_CACHE_CONTROL="no-cache")
    assert large == small
    _counts(client, secret)  # made once, then kept
    kept = _counts(client, secret)
    assert max(kept.values()) <= KEPT_READ_BUDGET, kept


def test_a_kept_read_refuses_a_revoked_token_and_shows_a_write_at_once(client, demo_group):
    tehran = user("tehran")
    token, secret = make_token(tehran, name="سامانه", scope="read", shared=False)
    url = f"{BASE}/resolutions/"
    first = call(client, secret, url).json()
    assert call(client, secret, url).json() == first  # kept
    resolution = Resolution.objects.get(pk=first["items"][0]["id"])
    Resolution.objects.filter(pk=resolution.pk).update(status="done")
    changed = call(client, secret, url).json()
    assert [item["status"] for item in changed["items"] if item["id"] == resolution.pk] == ["done"]
    revoke_token(tehran, token)
    assert call(client, secret, url).status_code == 401


def test_answers_are_utf8_json_that_reads_as_persian(client, demo_group):
    response = call(client, TEHRAN_READ, "/api/v1/groups/")
    assert response["Content-Type"].startswith("application/json")
    assert "کارگروه".encode() in response.content and b"\\u" not in response.content
