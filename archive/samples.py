"""Files of an archive made from a minutes text: a Word file, a PDF exported with its text, and a
scan (the PDF's page rasterized, slightly turned, with speckles, as a copier makes it).

The demo's archive of earlier sessions (``manage.py make_demo_archive``) and the bulk import's
tests make their files here, from texts written by hand, so that what OCR reads can be checked
against what was printed.
"""

from __future__ import annotations

import html
import io
import random
import zipfile

from archive.reading import pdf_pages
from secretariat.pdf import html_to_pdf

# The font the scanned pages are printed in (DejaVu Sans, closer to Tahoma, read worse: 81% of
# the corpus's facts against 89%).
SCAN_FONT = '"Vazirmatn"'
PAGE = """<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>
@font-face {{ font-family: "Vazirmatn"; src: url("fonts/vazirmatn/Vazirmatn-Regular.ttf"); }}
@page {{ size: A4; margin: 20mm 18mm; }}
body {{ font-family: {font}; font-size: 13pt; line-height: 1.8; }}
p {{ margin: 0 0 0.35em; overflow-wrap: break-word; }}
</style></head><body>{body}</body></html>"""


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def docx_of(text: str) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for line in paragraphs(text):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def pdf_of(text: str, *, font: str = '"Vazirmatn"') -> bytes:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in paragraphs(text))
    return html_to_pdf(PAGE.format(body=body, font=font))


def scan_of(text: str, *, seed: int = 0, image_format: str = "PNG", font: str = SCAN_FONT) -> bytes:
    """The text printed and scanned: each page of its PDF at 200 dpi, turned by up to half a degree,
    with speckles; PNG or JPEG (one page) or PDF (every page)."""
    from PIL import Image

    chance = random.Random(seed)
    images = []
    for page in pdf_pages(pdf_of(text, font=font)):
        image = Image.open(io.BytesIO(page)).convert("L")
        image = image.rotate(chance.uniform(-0.5, 0.5), fillcolor=255, expand=False)
        pixels = image.load()
        width, height = image.size
        for _speck in range(width * height // 2000):
            x, y = chance.randrange(width), chance.randrange(height)
            pixels[x, y] = chance.choice((0, 90, 160))
        images.append(image)
    output = io.BytesIO()
    if image_format == "PDF":
        images[0].save(output, "PDF", resolution=200, save_all=True, append_images=images[1:])
    else:
        images[0].save(output, image_format, **({"quality": 85} if image_format == "JPEG" else {}))
    return output.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return output.getvalue()
