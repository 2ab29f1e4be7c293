"""Real Chromium for the flows people click through, driven by Playwright.

Browser tests take the ``page`` fixture (defined in ``tests/conftest.py``) and the
``live_server`` fixture. Where no Chromium is installed they are skipped with a clear message;
with ``REQUIRE_BROWSER_TESTS=1`` (CI) a missing browser fails them instead.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


POPPLER_TOOLS = ("pdftotext", "pdftoppm", "pdfinfo")


def require_tool(tool: str, purpose: str) -> str:
    """The path of a system tool, or skip (fail in CI) with a message that says how to get it."""
    path = shutil.which(tool)
    if path:
        return path
    package = "poppler-utils" if tool in POPPLER_TOOLS else tool
    message = f"{purpose} need '{tool}', which is not installed (Debian: apt-get install -y {package})."
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(message + " REQUIRE_BROWSER_TESTS=1 forbids skipping them.", pytrace=False)
    pytest.skip(message)


def require_ocr() -> None:
    """Tesseract with its Persian data and pdftoppm, or skip (fail in CI) saying how to get them."""
    from secretariat.system_check import OCR_HINT, ocr_problem

    require_tool("pdftoppm", "Tests that read scans")
    problem = ocr_problem()
    if problem is None:
        return
    message = f"Tests that read scans: {problem} (Debian: {OCR_HINT})."
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(message + " REQUIRE_BROWSER_TESTS=1 forbids skipping them.", pytrace=False)
    pytest.skip(message)


def login(page, live_server, username: str, password: str) -> None:
    """Log in through the real login form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")


def confirm(page) -> None:
    """Answer the confirmation dialog of an irreversible step (base.html's #confirm-dialog) "yes"."""
    button = page.locator("#confirm-dialog [data-confirm-ok]")
    button.wait_for(state="visible")
    button.click()


def snapshot(page, name: str, widths: tuple[int, ...] = (1280, 390)) -> None:
    """With SCREENSHOT_DIR set, save full-page screenshots of what the page shows at each width.

    The suite never compares them: they are for a person to look at after a change
    (``SCREENSHOT_DIR=/tmp/shots pytest -m browser tests/meetings/test_lifecycle_browser.py``).
    """
    directory = os.environ.get("SCREENSHOT_DIR")
    if not directory:
        return
    os.makedirs(directory, exist_ok=True)
    original = page.viewport_size
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=os.path.join(directory, f"{name}-{width}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)
