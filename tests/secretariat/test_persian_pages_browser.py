"""The main pages as people read them, in real Chromium at a desk's width and a phone's: no Latin
digit where a person reads Persian (after each kind of action: a message, a picked date, a
dialog, a refused form), and no serious or critical accessibility fault found by axe-core
(WCAG 2 A and AA, which includes a contrast of 4.5:1)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from django.urls import reverse

from meetings.demo_current import load_current_example
from meetings.demo_facts import DEMO_PASSWORD
from resolutions.models import InformationRequest, Resolution
from tests.browser import login
from tests.secretariat.test_glossary import RULED_OUT

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)


@functools.cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8") + "\n;true"


# Every visible text and every shown form value, without what is Latin on purpose: left-to-right
# islands (codes, hashes, user names, addresses), code, the names people gave their files, and
# tokens that are names (ISO 14001).
LATIN_DIGITS_SCRIPT = """() => {
  const skip = (element) => element.closest('[dir="ltr"], code, kbd, samp, pre, .ltr, .hash, .code, .file-name, script, style, template, noscript, [hidden], .visually-hidden');
  const visible = (element) => !!(element.offsetWidth || element.offsetHeight || element.getClientRects().length);
  const names = /\\b(ISO|HSEQ|OHSAS|SHA-?256|PDF|A4|UTF|Windows)\\s*[-:]?\\s*[0-9]+\\b/gi;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || skip(parent) || !visible(parent)) continue;
    const text = node.textContent.replace(names, '');
    if (/[0-9]/.test(text)) found.push(node.textContent.trim().slice(0, 120));
  }
  // Form fields are read whatever their direction (a box to tick shows its label, not its value);
  // only a date field being typed in keeps the picker's ASCII digits until it is left
  // (static/js/editor.js).
  const skipField = (field) => field.closest('code, .ltr, .hash, .code, [hidden], .visually-hidden')
    || (field === document.activeElement && field.matches('[data-jdp]'))
    || ['username', 'password', 'email'].includes(field.name);
  document.querySelectorAll('input:not([type=hidden]):not([type=password]):not([type=file]):not([type=checkbox]):not([type=radio]), textarea, select').forEach((field) => {
    if (skipField(field) || !visible(field)) return;
    const shown = field.tagName === 'SELECT' ? (field.selectedOptions[0] || {}).text || '' : field.value;
    if (/[0-9]/.test(shown.replace(names, ''))) found.push(`${field.name}=${shown.slice(0, 80)}`);
  });
  document.querySelectorAll('[placeholder]').forEach((field) => {
    if (!skip(field) && visible(field) && /[0-9]/.test(field.placeholder)) found.push(`placeholder ${field.placeholder}`);
  });
  // A numbered list draws its own numbers: they are Latin unless its style says Persian.
  document.querySelectorAll('li').forEach((item) => {
    if (skip(item) || !visible(item) || getComputedStyle(item).display !== 'list-item') return;
    const style = getComputedStyle(item).listStyleType;
    if (/decimal|^[0-9]/.test(style)) found.push(`list number (${style}): ${item.textContent.trim().slice(0, 40)}`);
  });
  return found;
}"""


# English words where a person reads Persian (visible text, and the labels and hints of fields and
# buttons), and numbers a stylesheet draws with a counter that does not count in Persian. Names of
# file formats and standards stay as they are written.
ENGLISH_SCRIPT = """() => {
  const skip = (element) => element.closest('[dir="ltr"], [lang="en"], code, kbd, samp, pre, .ltr, .hash, .code, .file-name, script, style, template, noscript, [hidden], .visually-hidden');
  const visible = (element) => !!(element.offsetWidth || element.offsetHeight || element.getClientRects().length);
  const names = /^(ISO|HSEQ|OHSAS|SHA|PDF|A4|UTF|QR|DOCX|docx|doc|PNG|JPEG|JPG|txt|Windows|XLSX|Nazanin|Lotus|Vazirmatn|zip|pdf|png|jpg|Word)$/;
  const english = (text) => (text.match(/[A-Za-z]{2,}/g) || []).filter((word) => !names.test(word));
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || skip(parent) || !visible(parent)) continue;
    const words = english(node.textContent);
    if (words.length) found.push(`English (${words.join(' ')}): ${node.textContent.trim().slice(0, 80)}`);
  }
  document.querySelectorAll('[aria-label], [title], [placeholder]').forEach((element) => {
    if (skip(element)) return;
    for (const name of ['aria-label', 'title', 'placeholder']) {
      if (english(element.getAttribute(name) || '').length) found.push(`English ${name}: ${element.getAttribute(name).slice(0, 80)}`);
    }
  });
  document.querySelectorAll('body *').forEach((element) => {
    if (skip(element) || !visible(element)) return;
    for (const pseudo of ['::before', '::after']) {
      const content = getComputedStyle(element, pseudo).content || '';
      if (/counter/.test(content) && !/persian/.test(content)) found.push(`counted in Latin digits (${pseudo}): ${element.textContent.trim().slice(0, 40)}`);
      else if (/^".*[0-9].*"$/.test(content)) found.push(`Latin digit drawn (${pseudo}): ${content}`);
    }
  });
  return found;
}"""


def latin_digits(page) -> list[str]:
    return page.evaluate(LATIN_DIGITS_SCRIPT)


def english_words(page) -> list[str]:
    return page.evaluate(ENGLISH_SCRIPT)


def ruled_out_words(page) -> list[str]:
    """Words the glossary rules out, in what the page shows."""
    text = page.evaluate("document.body.innerText")
    return [f"say «{term}», not «{word}»" for word, term in RULED_OUT.items() if word in text]


def accessibility_faults(page) -> list[str]:
    """axe-core's serious and critical violations of WCAG 2 A/AA on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated rather than added as a <script>, which the pages' Content Security Policy refuses.
        page.evaluate(axe_source())
    result = page.evaluate(
        """async () => {
          const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
          return result.violations
            .filter((violation) => ['serious', 'critical'].includes(violation.impact))
            .map((violation) => ({id: violation.id, help: violation.help,
                                  nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(' ') + ' :: ' + node.failureSummary)}));
        }"""
    )
    return [json.dumps(violation, ensure_ascii=False) for violation in result]


def check(page, where: str, faults: dict[str, list[str]]) -> None:
    page.wait_for_load_state("networkidle")
    for text in latin_digits(page):
        faults.setdefault(where, []).append(f"Latin digit: {text}")
    for text in english_words(page) + ruled_out_words(page):
        faults.setdefault(where, []).append(text)
    for violation in accessibility_faults(page):
        faults.setdefault(where, []).append(f"axe: {violation}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 1:  # the page scrolls sideways: something is cut or pushed off the screen
        faults.setdefault(where, []).append(f"horizontal overflow: {overflow}px")


@pytest.fixture
def current(demo_group):
    """The working group in daily use (meetings.demo_current), beside the seed's archive."""
    return load_current_example(demo_group)


def new_page(chromium, live_server, width: int, username: str | None):
    context = chromium.new_context(locale="fa-IR", viewport={"width": width, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    if username:
        login(page, live_server, username, DEMO_PASSWORD)
    return page


def report(faults: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}:\n  " + "\n  ".join(found) for where, found in faults.items())


@pytest.mark.parametrize("width", WIDTHS)
def test_the_secretary_s_pages_read_in_persian_and_pass_axe(
    chromium, live_server, demo_group, draft12, current, width
):
    slug = demo_group.slug
    current_request = InformationRequest.objects.for_group(current).get()
    resolution = Resolution.objects.filter(meeting=draft12).order_by("number").first()
    pages = [
        reverse("home"),
        reverse("meetings:group", args=[slug]),
        reverse("meetings:minutes", args=[slug, 12]),
        reverse("meetings:minutes", args=[slug, 13]),
        reverse("meetings:history", args=[slug, 12]),
        reverse("meetings:create", args=[slug]),
        reverse("resolutions:tracker", args=[slug]),
        reverse("resolutions:detail", args=[slug, resolution.pk]),
        reverse("resolutions:follow_ups", args=[slug]),
        reverse("resolutions:progress", args=[slug]),
        reverse("resolutions:requests", args=[slug]),
        reverse("committees:matrix", args=[slug]),
        reverse("inbox"),
        reverse("verify_form"),
        reverse(
            "resolutions:request", args=[slug, InformationRequest.objects.for_group(demo_group).first().pk]
        ),
        # The group in daily use: a planned session, minutes out for signature, typed answers.
        reverse("meetings:group", args=[current.slug]),
        reverse("meetings:minutes", args=[current.slug, 1]),
        reverse("meetings:minutes", args=[current.slug, 2]),
        reverse("meetings:minutes", args=[current.slug, 3]),
        reverse("meetings:plan", args=[current.slug, 3]),
        reverse("resolutions:progress", args=[current.slug]),
        reverse("resolutions:request", args=[current.slug, current_request.pk]),
        reverse("resolutions:new_request", args=[current.slug]),
        reverse("meetings:import", args=[current.slug]),
    ]
    faults: dict[str, list[str]] = {}
    page = new_page(chromium, live_server, width, "dabir")
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        check(page, path, faults)

    # The editor, then a date picked in its calendar, then the message after saving.
    editor = reverse("meetings:edit", args=[slug, 12])
    page.goto(f"{live_server.url}{editor}")
    check(page, editor, faults)
    date_field = page.locator('input[name$="-date"][data-jdp]').first
    date_field.click()
    page.locator(".jdp-day:not(.disabled-day)").first.wait_for(state="visible")
    # The picker has finished opening once its lists carry the page's names (static/js/site.js).
    page.locator("jdp-container .jdp-year select[aria-label]").wait_for(state="attached")
    page.locator("jdp-container .jdp-month select[aria-label]").wait_for(state="attached")
    check(page, f"{editor} with the date picker open", faults)
    page.locator(".jdp-day:not(.disabled-day)").nth(9).click()
    page.locator("h1").first.click()
    check(page, f"{editor} after picking a date", faults)
    page.click("#save-minutes-top")
    check(page, f"{editor} after saving", faults)

    # A refused form: the tracker's filters with a date that is no date.
    page.goto(f"{live_server.url}{reverse('resolutions:tracker', args=[slug])}?deadline_from=۱۳۹۱/۱۳/۴۰")
    check(page, "tracker with a refused filter", faults)

    # A confirmation dialog, open: circulating the minutes for signature.
    page.goto(f"{live_server.url}{reverse('meetings:minutes', args=[slug, 12])}")
    page.locator('form[data-confirm] button[type="submit"]').first.click()
    page.locator("#confirm-dialog").wait_for(state="visible")
    check(page, "minutes with the confirmation dialog open", faults)
    page.context.close()

    assert not faults, report(faults)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_member_s_pages_and_the_login_read_in_persian_and_pass_axe(
    chromium, live_server, demo_group, current, width
):
    slug = demo_group.slug
    faults: dict[str, list[str]] = {}
    page = new_page(chromium, live_server, width, None)
    page.goto(f"{live_server.url}{reverse('login')}")
    check(page, "login", faults)
    page.fill("input[name=username]", "tehran")
    page.fill("input[name=password]", "not-the-password")
    page.click("form button[type=submit]")
    check(page, "login refused", faults)
    assert page.locator("#login-error").is_visible()
    page.context.close()

    page = new_page(chromium, live_server, width, "tehran")
    for path in [
        reverse("home"),
        reverse("meetings:group", args=[slug]),
        reverse("meetings:minutes", args=[slug, 12]),
        reverse("meetings:minutes", args=[slug, 13]),
        reverse("resolutions:tracker", args=[slug]),
        reverse("resolutions:follow_ups", args=[slug]),
        reverse("committees:matrix", args=[slug]),
        reverse("inbox"),
        reverse("meetings:group", args=[current.slug]),
        reverse("meetings:minutes", args=[current.slug, 2]),
        reverse("meetings:minutes", args=[current.slug, 3]),
        reverse(
            "resolutions:request", args=[current.slug, InformationRequest.objects.for_group(current).get().pk]
        ),
    ]:
        page.goto(f"{live_server.url}{path}")
        check(page, path, faults)
    page.context.close()

    assert not faults, report(faults)


def test_the_checks_find_what_they_look_for(page, live_server, demo_group):
    """A Latin digit in Persian text and a low-contrast link are found; Latin on purpose is not."""
    page.goto(f"{live_server.url}{reverse('login')}")
    page.evaluate(
        """() => {
          const add = (html) => { const div = document.createElement('div'); div.innerHTML = html; document.querySelector('main, body').appendChild(div); };
          add('<p>نسخه 1 گشوده شد</p>');
          add('<p>گواهی ISO 14001 و HSEQ-2</p><p><span dir="ltr">code 12AB</span> <code>sha 99</code></p>');
          add('<a href="#" style="color:#c8c8c8;background:#fff">پیوند کم‌رنگ</a>');
          add('<input type="text" value="1391/07/15" aria-label="تاریخ">');
          add('<ol style="list-style-type: decimal"><li>بند</li></ol><ol><li>بند فارسی</li></ol>');
        }"""
    )
    assert latin_digits(page) == ["نسخه 1 گشوده شد", "=1391/07/15", "list number (decimal): بند"]
    page.evaluate(
        """() => {
          const add = (html) => { const div = document.createElement('div'); div.innerHTML = html; document.querySelector('main, body').appendChild(div); };
          add('<p>No resolutions yet.</p><p>فایل PDF یا DOCX</p><p lang="en">English</p>');
          add('<button aria-label="Move up">↑</button>');
          add('<ol class="list-group list-group-numbered" style="--x:1"><li class="list-group-item">بند شمرده</li></ol>');
          add('<ol class="list-group" style="counter-reset: c"><li class="list-group-item" style="counter-increment: c">بند لاتین</li></ol>');
          add('<p>پرونده صورتجلسه</p>');
          const style = document.createElement('style');
          style.textContent = 'ol.list-group:not(.list-group-numbered) li::before { content: counter(c) ". "; }';
          document.head.appendChild(style);
        }"""
    )
    assert english_words(page) == [
        "English (No resolutions yet): No resolutions yet.",
        "English aria-label: Move up",
        "counted in Latin digits (::before): بند لاتین",
    ]
    assert ruled_out_words(page) == ["say «فایل», not «پرونده»"]
    assert any('"color-contrast"' in fault for fault in accessibility_faults(page))


@pytest.mark.parametrize(("width", "alignment"), [(1280, "justify"), (390, "start")])
def test_the_minutes_are_justified_on_a_desk_and_start_aligned_on_a_phone(
    chromium, live_server, demo_group, width, alignment
):
    """Justified Persian on a phone's narrow line opens wide gaps between words."""
    page = new_page(chromium, live_server, width, "tehran")
    page.goto(f"{live_server.url}{reverse('meetings:minutes', args=[demo_group.slug, 12])}")
    assert (
        page.locator(".minutes-sheet").evaluate("(sheet) => getComputedStyle(sheet).textAlign") == alignment
    )
    page.context.close()
