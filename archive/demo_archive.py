"""The demo's archive of three sessions before the 12th, as a secretariat keeps them: the 9th as a
Word file, the 10th as a PDF exported from Word, the 11th as a scan of the signed paper. A
newcomer imports ``archive/demo/earlier-sessions.zip`` on the archive import page; it is made
from the texts beside it by ``manage.py make_demo_archive``."""

from __future__ import annotations

from pathlib import Path

from archive import samples

FOLDER = Path(__file__).resolve().parent / "demo"
ZIP = FOLDER / "earlier-sessions.zip"
TEXTS = {
    "09-mashhad-1390.txt": ("صورتجلسه-۰۹-مشهد.docx", samples.docx_of),
    "10-tabriz-1390.txt": ("صورتجلسه-۱۰-تبریز.pdf", samples.pdf_of),
    "11-isfahan-1391.txt": ("صورتجلسه-۱۱-اصفهان-اسکن.png", samples.scan_of),
}


def build() -> bytes:
    files = {}
    for source, (name, make) in TEXTS.items():
        files[name] = make((FOLDER / source).read_text(encoding="utf-8"))
    return samples.zip_of(files)
