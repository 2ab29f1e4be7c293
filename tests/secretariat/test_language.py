"""Persian is the interface language whatever the browser announces; English is a choice."""


def test_persian_even_when_the_browser_asks_for_english(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert 'lang="fa"' in page and 'dir="rtl"' in page
    assert "ورود" in page


def test_english_once_chosen_left_to_right(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in page and 'dir="ltr"' in page
    assert "Log in" in page
