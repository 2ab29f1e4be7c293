"""Production hardening: login throttling, CSP without inline scripts, uploads, private files, bidi."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from meetings.demo_facts import DEMO_PASSWORD
from resolutions.models import FollowUp, Resolution
from secretariat.models import Organization
from tests.conftest import client_for
from tests.resolutions.factories import PDF_BYTES, make_follow_up, pdf_upload, tehran

LOGIN = "/accounts/login/"


def test_login_is_throttled_after_repeated_failures(client, demo_group, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(LOGIN, {"username": "dabir", "password": "wrong-guess"})
        assert response.status_code == 200
    assert client.post(LOGIN, {"username": "dabir", "password": "wrong-guess"}).status_code == 429
    locked = client.post(LOGIN, {"username": "dabir", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    assert "ورودهای ناموفق" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not locked out by dabir's failures.
    assert client.post(LOGIN, {"username": "tehran", "password": DEMO_PASSWORD}).status_code == 302


def test_a_successful_login_before_the_limit_resets_the_count(client, demo_group, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": "dabir", "password": "wrong-guess"})
    assert client.post(LOGIN, {"username": "dabir", "password": DEMO_PASSWORD}).status_code == 302
    client.post("/accounts/logout/")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(LOGIN, {"username": "dabir", "password": "wrong-guess"}).status_code == 200


def test_passwords_are_validated(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("12345678", "password", "abc"):
        with pytest.raises(ValidationError):
            validate_password(weak)


PAGES = [
    "/",
    "/g/meydan/",
    "/g/meydan/sessions/12/",
    "/g/meydan/sessions/13/edit/",
    "/g/meydan/sessions/new/",
    "/g/meydan/committees/",
    "/g/meydan/resolutions/",
    "/g/meydan/import/",
]
ADMIN_PAGES = ["/admin/", "/admin/meetings/meeting/"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)


@pytest.mark.parametrize("url", PAGES + ADMIN_PAGES)
def test_pages_send_a_content_security_policy_and_have_no_inline_script(clients, operator, session13, url):
    response = (client_for(operator) if url in ADMIN_PAGES else clients["secretary"]).get(url)
    assert response.status_code == 200, url
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not re.search(r"\son[a-z]+=\"", html), "inline event handler"


def test_login_page_sends_the_policy_too(client, db):
    response = client.get(LOGIN)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def resolution_1(session12) -> Resolution:
    return Resolution.objects.get(meeting=session12, number=1)


def test_an_upload_named_pdf_with_html_inside_is_refused(clients, resolution_1, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile(
        "گزارش.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = clients["tehran"].post(
        f"/g/meydan/resolutions/{resolution_1.pk}/report/",
        {"text": "گزارش پیشرفت", "attachment": fake, "proposed_status": "in_progress"},
    )
    assert response.status_code == 400
    assert "PDF" in response.content.decode() and "گزارش پیشرفت" in response.content.decode()
    assert not FollowUp.objects.filter(text="گزارش پیشرفت").exists()


def test_a_disguised_file_name_is_replaced(clients, resolution_1, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    disguised = SimpleUploadedFile("report\u202efdp.exe", PDF_BYTES, content_type="application/pdf")
    response = clients["tehran"].post(
        f"/g/meydan/resolutions/{resolution_1.pk}/report/",
        {"text": "گزارش با پیوست", "attachment": disguised, "proposed_status": "in_progress"},
    )
    assert response.status_code == 302
    stored = FollowUp.objects.get(text="گزارش با پیوست").attachment.name
    assert stored.endswith(".pdf") and "\u202e" not in stored and "exe" not in stored


def test_bidi_controls_cannot_disguise_a_name(clients, demo_group):
    clients["staff"].post(
        "/g/meydan/organizations/new/",
        {"new-organization-name": "سازمان \u202eنیدایم\u202c کرمان", "new-organization-kind": "market"},
    )
    assert Organization.objects.filter(name="سازمان نیدایم کرمان").exists()
    assert not Organization.objects.filter(name__contains="\u202e").exists()


def test_unpublished_draft_pdf_is_refused_to_anonymous_and_other_organizations(clients, session13):
    from tests.resolutions.factories import make_session

    make_session(session13.working_group, 14, "held", attended_by=(tehran(),))
    url = "/g/meydan/sessions/14/minutes.pdf"
    assert clients["anonymous"].get(url).status_code == 302
    assert clients["isfahan"].get(url).status_code == 404
    assert clients["tehran"].get(url).status_code == 404  # attended, but a draft is not for members


def test_an_attachment_is_refused_to_anonymous_and_other_organizations(
    clients, resolution_1, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    follow_up = make_follow_up(resolution_1, tehran(), attachment=pdf_upload())
    url = f"/g/meydan/resolutions/follow-ups/{follow_up.pk}/attachment/"
    assert clients["tehran"].get(url).status_code == 200
    assert clients["anonymous"].get(url).status_code == 302
    assert clients["isfahan"].get(url).status_code == 404  # another organization's report: not found
    assert clients["outsider"].get(url).status_code == 404


def test_media_files_have_no_public_url(client, db, settings):
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(f"{settings.MEDIA_URL}follow-ups/meydan/anything.pdf")


def test_check_deploy_passes_under_production_settings(monkeypatch):
    """The production settings pass Django's deployment checklist (CI runs the same in a fresh process)."""
    import subprocess
    import sys

    env = {
        "DEBUG": "False",
        "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "secretariat.example.org",
        "SITE_URL": "https://secretariat.example.org",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_off_without_a_secret_key_refuses_to_start():
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='secretariat.settings'; django.setup()",
        ],
        env={"DEBUG": "False", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_debug_off_without_a_site_url_refuses_to_start():
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='secretariat.settings'; django.setup()",
        ],
        env={"DEBUG": "False", "SECRET_KEY": "k" * 60, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "SITE_URL must be set" in result.stderr


def test_static_files_collect_for_production(tmp_path):
    """collectstatic with the production storage: every file the CSS refers to must exist."""
    import subprocess
    import sys

    env = {
        "DEBUG": "False",
        "SECRET_KEY": "k" * 60,
        "SITE_URL": "https://secretariat.example.org",
        "STATIC_ROOT": str(tmp_path / "static"),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_healthz_is_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301
    call_command("check")
