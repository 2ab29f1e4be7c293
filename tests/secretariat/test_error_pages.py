"""Error pages say what happened, in Persian, and nothing that is not true; the account pages that
exist are the ones the README documents."""

import subprocess
import sys

from django.test import Client, RequestFactory

from secretariat.views import server_error
from tests.conftest import client_for
from tests.forms_helper import read_form

PRODUCTION_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "secretariat.example.org",
    "SITE_URL": "https://secretariat.example.org",
    "PATH": "/usr/bin:/bin",
}


def test_a_form_without_its_token_gets_a_persian_page(secretary):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    response = client.post("/g/meydan/sessions/13/circulate/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "زمان این فرم گذشته است" in page and 'dir="rtl"' in page
    assert "CSRF" not in page


def test_there_is_no_password_reset_by_mail(client, db):
    for url in ("/accounts/password_reset/", "/accounts/reset/done/", "/accounts/password_reset/done/"):
        assert client.get(url).status_code == 404


def test_a_user_changes_their_password_in_persian(tehran_user):
    client = client_for(tehran_user)
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and "تغییر گذرواژه" in page.content.decode()
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "demo-pass-1391",
            "new_password1": "a-new-long-passphrase-1404",
            "new_password2": "a-new-long-passphrase-1404",
        },
    )
    assert response.status_code == 302
    tehran_user.refresh_from_db()
    assert tehran_user.check_password("a-new-long-passphrase-1404")


def test_the_server_error_page_says_the_staff_were_told_only_when_they_were(settings):
    request = RequestFactory().get("/")
    settings.ADMINS = []
    silent = server_error(request).content.decode()
    settings.ADMINS = [("Secretariat", "it@example.org")]
    told = server_error(request).content.decode()
    assert "آگاه شدند" not in silent and "آگاه شدند" in told
    assert "دوباره" in silent


def test_too_many_fields_get_a_persian_bad_request_page_not_page_not_found(clients, session13, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    data = read_form(
        clients["secretary"].get("/g/meydan/sessions/13/edit/").content.decode(), "minutes-editor"
    )
    response = clients["secretary"].post("/g/meydan/sessions/13/edit/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "درخواست خوانده نشد" in page and "یافت نشد" not in page


def test_the_language_cookie_is_secure_and_same_site_in_production():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.LANGUAGE_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SAMESITE, settings.LANGUAGE_COOKIE_HTTPONLY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "secretariat.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "Lax", "True"]


def test_choosing_english_sets_a_lax_cookie(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    cookie = response.cookies["django_language"]
    assert cookie["samesite"] == "Lax" and cookie["httponly"]
