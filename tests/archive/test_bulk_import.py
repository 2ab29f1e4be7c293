"""Bulk import of an archive: a zip of the importer's corpus in every kind — the text files as they
are, Word files, PDFs with their text, and scans (each page printed, rasterized, turned a little
and speckled) — read by the real tools (pdfminer, pdftoppm, Tesseract) and scored fact by fact
against the corpus's hand-written expectations."""

from __future__ import annotations

import re
import shutil
import uuid
import zipfile
from io import BytesIO

import pytest
from django.core.management import call_command

from archive import bulk, demo_archive, samples
from archive.models import ImportBatch, ImportFile
from archive.ocr import Line, paragraphs_text
from archive.reading import Kind, UnreadableFile, read_file
from meetings.importing import parse_minutes, read_document
from meetings.models import Meeting
from secretariat.access import command_line_access
from secretariat.models import JobStatus
from secretariat.persian import search_key
from tests.browser import require_ocr, require_tool
from tests.meetings.importing import test_importer_corpus as corpus
from tests.meetings.importing.conftest import demo_index
from tests.meetings.importing.scoring import Score, load_expected
from tests.queries import queries_of

needs_ocr = pytest.mark.usefixtures("ocr_tools")
SCANS = 12  # of the corpus's 21 texts, the first twelve are scanned (PNG, JPEG and PDF in turn)
SCAN_FORMATS = (("PNG", ".png"), ("JPEG", ".jpg"), ("PDF", ".pdf"))


@pytest.fixture
def ocr_tools() -> None:
    require_ocr()


def _source(path) -> str:
    return read_document(path.read_bytes(), path.name).text


@pytest.fixture(scope="module")
def corpus_zip() -> bytes:
    require_ocr()
    files: dict[str, bytes] = {}
    for position, path in enumerate(corpus.TEXTS):
        text = _source(path)
        files[f"text/{path.stem}.txt"] = path.read_bytes()
        files[f"word/{path.stem}.docx"] = samples.docx_of(text)
        files[f"pdf/{path.stem}.pdf"] = samples.pdf_of(text)
        if position < SCANS:
            image_format, suffix = SCAN_FORMATS[position % 3]
            files[f"scan/{path.stem}{suffix}"] = samples.scan_of(
                text, seed=position, image_format=image_format
            )
    files["other/budget.xlsx"] = b"PK\x03\x04 not minutes"
    files["other/damaged.pdf"] = b"%PDF-1.4 cut short"
    return samples.zip_of(files)


def _score(stem: str, text: str) -> Score:
    path = next(path for path in corpus.TEXTS if path.stem == stem)
    expected = load_expected(path.with_suffix(".json"))
    minutes = parse_minutes(text, organizations=demo_index())
    score = Score()
    corpus.score_session(score, stem, expected, minutes)
    corpus.score_resolutions(score, stem, expected.get("resolutions", []), minutes)
    if "next_session" in expected:
        corpus.score_next_session(score, stem, expected["next_session"], minutes)
    return score


def _words(text: str) -> set[str]:
    return set(re.sub(r"[^\w/:]", " ", search_key(text)).split())


@needs_ocr
@pytest.mark.django_db
def test_a_zip_of_every_kind_is_read_and_its_facts_are_right(demo_group, corpus_zip, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    files = bulk.files_of_upload("archive.zip", corpus_zip)
    batch = bulk.send_files(command_line_access(demo_group), name="archive.zip", files=files, queue=False)
    bulk.read_batch(batch.pk, token="test")

    batch.refresh_from_db()
    assert batch.job_status == JobStatus.READY
    entries = {entry.name: entry for entry in batch.files.all()}
    assert len(entries) == 3 * len(corpus.TEXTS) + SCANS + 2
    by_kind: dict[str, Score] = {}
    for name, entry in entries.items():
        folder, _, file_name = name.partition("/")
        if folder == "other":
            continue
        assert entry.status == ImportFile.Status.READ, (name, entry.reason)
        stem = file_name.rsplit(".", 1)[0]
        score = _score(stem, entry.text)
        total = by_kind.setdefault(folder, Score())
        total.expected += score.expected
        total.matched += score.matched
        total.misses += score.misses
        expected = load_expected(next(p for p in corpus.TEXTS if p.stem == stem).with_suffix(".json"))
        if folder != "scan" and "session_number" in expected:
            assert entry.session_number == expected["session_number"], name
    assert {kind: len([n for n in entries if n.startswith(kind + "/")]) >= 10 for kind in by_kind} == {
        "text": True,
        "word": True,
        "pdf": True,
        "scan": True,
    }
    for kind in ("text", "word", "pdf"):
        assert by_kind[kind].ratio == 1.0, by_kind[kind].report(kind)
    assert by_kind["scan"].ratio >= 0.85, by_kind["scan"].report("scan")

    # The kinds as read, and the files that are not minutes, each with its reason in Persian.
    assert {
        entries[f"word/{corpus.TEXTS[0].stem}.docx"].kind,
        entries[f"pdf/{corpus.TEXTS[0].stem}.pdf"].kind,
    } == {
        Kind.WORD,
        Kind.PDF_TEXT,
    }
    assert entries[f"scan/{corpus.TEXTS[2].stem}.pdf"].kind == Kind.SCAN
    for name in ("other/budget.xlsx", "other/damaged.pdf"):
        assert entries[name].status == ImportFile.Status.UNREADABLE
        assert re.search(r"[\u0600-\u06ff]{3}", entries[name].reason), entries[name].reason


@needs_ocr
def test_every_line_ocr_misread_is_marked_for_review(corpus_zip):
    """A line is misread when it holds a word the printed text does not: each is marked, with its
    place on the page, so staff check it beside the image."""
    archive = zipfile.ZipFile(BytesIO(corpus_zip))
    misread = marked = 0
    for position, path in enumerate(corpus.TEXTS[:SCANS]):
        suffix = SCAN_FORMATS[position % 3][1]
        read = read_file(f"x{suffix}", archive.read(f"scan/{path.stem}{suffix}"))
        printed = _words(_source(path))
        assert read.pages and all(line.page_width and line.width for line in read.lines)
        for line in read.lines:
            if _words(line.text) - printed:
                misread += 1
                marked += line.unsure
                assert line.unsure, (path.stem, line.text, line.confidence)
        assert read.text.split("\n")[read.lines[-1].text_line - 1].endswith(read.lines[-1].text)
    assert misread > 0  # the scans are hard enough for OCR to err; the check above is not empty
    assert marked == misread


def test_a_pdf_text_layer_is_read_in_reading_order_with_its_ligatures():
    require_tool("pdfinfo", "Tests that read PDFs")
    text = "شورای اسلامی شهر: ۱۴۰۲/۰۸/۲۲ ساعت ۹:۳۰\n۱- مقرر شد (سازمان میادین) لایحه را ارسال کند."
    assert read_file("x.pdf", samples.pdf_of(text)).text.replace("\u200c", "") == text


def test_files_that_are_not_minutes_say_why():
    with pytest.raises(UnreadableFile, match="خالی"):
        read_file("x.txt", b"   ")
    with pytest.raises(UnreadableFile, match="pdf"):
        read_file("budget.xlsx", b"\x00\x01binary")
    with pytest.raises(bulk.BatchRefused, match="zip"):
        bulk.files_of_upload("archive.zip", b"PK\x03\x04 broken")


@needs_ocr
@pytest.mark.django_db
def test_a_batch_goes_on_after_its_worker_died_and_reads_no_file_twice(
    demo_group, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    files = bulk.files_of_upload("earlier.zip", demo_archive.ZIP.read_bytes())
    batch = bulk.send_files(command_line_access(demo_group), name="earlier.zip", files=files, queue=False)
    reads: list[str] = []
    real_read = bulk.read_file

    def dying_read(name, data, progress=None):
        reads.append(name)
        if len(reads) == 2:
            raise SystemExit("the worker was killed")  # not an error of the file: the process ends
        return real_read(name, data, progress)

    monkeypatch.setattr(bulk, "read_file", dying_read)
    token = str(uuid.uuid4())
    with pytest.raises(SystemExit):
        bulk.read_batch(batch.pk, token=token)
    assert ImportBatch.objects.get(pk=batch.pk).job_status == JobStatus.RUNNING
    states = list(batch.files.order_by("position").values_list("status", flat=True))
    assert states == [ImportFile.Status.READ, ImportFile.Status.READING, ImportFile.Status.WAITING]

    bulk.read_batch(batch.pk, token=token)  # the same task, run again by the next worker
    assert ImportBatch.objects.get(pk=batch.pk).job_status == JobStatus.READY
    assert set(batch.files.values_list("status", flat=True)) == {ImportFile.Status.READ}
    assert reads == [files[0].name, files[1].name, files[1].name, files[2].name]


@needs_ocr
@pytest.mark.django_db
def test_the_demo_archive_is_accepted_published_and_found(demo_group, clients, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = clients["secretary"]
    with demo_archive.ZIP.open("rb") as handle:
        response = staff.post(f"/g/{demo_group.slug}/archive/import/", {"files": handle})
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.get(working_group=demo_group)
    page = staff.get(response["Location"]).content.decode()
    assert "۳ از ۳" in page  # three of three files read
    entries = list(batch.files.order_by("position"))
    assert [entry.session_number for entry in entries][:2] == [9, 10]
    scan = entries[2]
    assert scan.kind == Kind.SCAN and scan.page_images and scan.unsure_lines

    review = staff.get(f"/g/{demo_group.slug}/archive/file/{scan.pk}/").content.decode()
    assert f"/archive/file/{scan.pk}/page/1.png" in review and "scan-unsure" in review
    image = staff.get(f"/g/{demo_group.slug}/archive/file/{scan.pk}/page/1.png")
    assert image.status_code == 200 and b"".join(image.streaming_content).startswith(b"\x89PNG")
    assert clients["tehran"].get(f"/g/{demo_group.slug}/archive/file/{scan.pk}/").status_code == 403

    printed = (demo_archive.FOLDER / "11-isfahan-1391.txt").read_text(encoding="utf-8")
    for entry, number in zip(entries, (9, 10, 11), strict=True):
        text = printed if entry == scan else entry.text  # staff correct what OCR misread
        accepted = staff.post(
            f"/g/{demo_group.slug}/archive/file/{entry.pk}/",
            {"text": text, "number": number, "version": entry.version, "reference_date": ""},
        )
        assert accepted.status_code == 302, accepted.content.decode()[:3000]
    for number in (9, 10, 11):
        meeting = Meeting.objects.get(working_group=demo_group, number=number)
        assert meeting.status == Meeting.Status.PUBLISHED
    assert set(batch.files.values_list("status", flat=True)) == {ImportFile.Status.ACCEPTED}

    found = clients["tehran"].get("/search/", {"q": "کیسه پارچه‌ای"}).content.decode()
    resolution = Meeting.objects.get(working_group=demo_group, number=9).resolutions.get(number=1)
    assert "۱ نتیجه" in found and "نهمین نشست" in found and f"/g/meydan/resolutions/{resolution.pk}/" in found


@needs_ocr
@pytest.mark.django_db
def test_the_same_session_twice_is_shown_together(demo_group, clients, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    text = (demo_archive.FOLDER / "09-mashhad-1390.txt").read_text(encoding="utf-8")
    files = [
        bulk.SentFile("a/09.docx", samples.docx_of(text)),
        bulk.SentFile("b/09.pdf", samples.pdf_of(text)),
    ]
    batch = bulk.send_files(command_line_access(demo_group), name="twice", files=files, queue=False)
    bulk.read_batch(batch.pk, token="t")
    page = clients["secretary"].get(f"/g/{demo_group.slug}/archive/import/{batch.pk}/").content.decode()
    assert "۲ فایل از یک جلسه" in page

    first, second = batch.files.order_by("position")
    meeting = bulk.accept_file(
        command_line_access(demo_group), first, version=first.version, text=first.text, number=9
    )
    assert meeting.number == 9
    with pytest.raises(bulk.ImportRefused):
        bulk.accept_file(
            command_line_access(demo_group), second, version=second.version, text=second.text, number=9
        )
    bulk.set_aside(command_line_access(demo_group), second, version=second.version)
    assert ImportFile.objects.get(pk=second.pk).status == ImportFile.Status.SET_ASIDE


@needs_ocr
@pytest.mark.django_db
def test_the_command_imports_a_folder(demo_group, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in ("09-mashhad-1390.txt", "10-tabriz-1390.txt"):
        shutil.copy(demo_archive.FOLDER / name, folder / name)
    call_command("import_minutes", str(folder), "--group", demo_group.slug)
    output = capsys.readouterr().out
    assert "09-mashhad-1390.txt" in output and "session 9" in output and "session 10" in output
    assert ImportFile.objects.filter(status=ImportFile.Status.READ).count() == 2


def _line(text: str, paragraph: str, confidence: float = 95.0) -> Line:
    return Line(1, text, confidence, 0, 0, 10, 10, 100, 100, paragraph=paragraph)


def test_ocr_lines_become_paragraphs_and_lost_item_numbers_are_mended():
    lines = [
        _line("مصوبات:", "a"),
        _line(") مقرر شد دبیرخانه گزارش", "b"),
        _line("را ارسال کند.", "b"),
        _line("۲) مقرر شد کمیته حقوقی", "b"),  # Tesseract put it in the paragraph before
        _line("ع) مقرر شد، سازمان»", "c"),
        _line("(- بند نخست", "d"),
        _line("۲- بند دوم", "d"),
        _line("- بندی بی‌شماره", "e"),
    ]
    assert paragraphs_text(lines).split("\n") == [
        "مصوبات:",
        "۱) مقرر شد دبیرخانه گزارش را ارسال کند.",
        "۲) مقرر شد کمیته حقوقی",
        "۳) مقرر شد، سازمان،",
        "۱- بند نخست",
        "۲- بند دوم",
        "- بندی بی‌شماره",
    ]
    assert [line.text_line for line in lines] == [1, 2, 2, 3, 4, 5, 6, 7]
    assert lines[1].unsure and lines[4].unsure and not lines[2].unsure  # mended lines are checked


def test_an_ocr_line_keeps_its_place_through_its_record():
    line = Line(
        page=1,
        text="۱- متن",
        confidence=95.0,
        left=1,
        top=2,
        width=3,
        height=4,
        page_width=10,
        page_height=20,
    )
    assert Line.from_dict(line.as_dict()) == line
    assert line.unsure  # it holds a digit
    assert not Line(**{**line.as_dict(), "text": "متن"}).unsure


def _read_batch_of(group, count: int) -> ImportBatch:
    """A batch of ``count`` files as the worker leaves them, without reading (the pages are timed,
    not the reading)."""
    text = (demo_archive.FOLDER / "10-tabriz-1390.txt").read_text(encoding="utf-8")
    files = [bulk.SentFile(f"{number:03d}.txt", text.encode()) for number in range(count)]
    batch = bulk.send_files(command_line_access(group), name=f"{count} files", files=files, queue=False)
    for position, entry in enumerate(batch.files.all()):
        entry.status = ImportFile.Status.READ if position % 4 else ImportFile.Status.UNREADABLE
        entry.reason = "" if position % 4 else "خوانده نشد"
        entry.text = text
        entry.session_number = 20 + position // 2  # two files of each session
        entry.facts = {"resolutions": 3, "speeches": 0, "unsure_lines": position % 3}
        entry.confidence = 0.9
        entry.save()
    return batch


@pytest.mark.django_db
def test_the_import_pages_run_the_same_queries_at_two_sizes(demo_group, clients, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = clients["secretary"]
    small, large = _read_batch_of(demo_group, 3), _read_batch_of(demo_group, 40)
    for _more in range(5):
        _read_batch_of(demo_group, 2)
    slug = demo_group.slug
    for url_of in (
        lambda batch: f"/g/{slug}/archive/import/{batch.pk}/",
        lambda batch: f"/g/{slug}/archive/file/{batch.files.filter(status='read').first().pk}/",
    ):
        counts = [queries_of(staff, url_of(batch))[0] for batch in (small, large)]
        assert counts[0] == counts[1], (url_of(small), counts)
    few, _ = queries_of(staff, f"/g/{slug}/archive/import/")
    _read_batch_of(demo_group, 2)
    more, _ = queries_of(staff, f"/g/{slug}/archive/import/")
    assert few == more, (few, more)


def _one_read_file(group, name: str = "09-mashhad-1390.txt") -> ImportFile:
    text = (demo_archive.FOLDER / name).read_text(encoding="utf-8")
    batch = bulk.send_files(
        command_line_access(group), name="one", files=[bulk.SentFile(name, text.encode())], queue=False
    )
    bulk.read_batch(batch.pk, token="t")
    return batch.files.get()


@pytest.mark.django_db
def test_counting_the_deadlines_again_saves_nothing(demo_group, clients, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = _one_read_file(demo_group)
    page = clients["secretary"].post(
        f"/g/{demo_group.slug}/archive/file/{entry.pk}/",
        {
            "text": entry.text,
            "number": "۹",
            "version": entry.version,
            "reference_date": "1390/07/01",
            "recount": "1",
        },
    )
    assert page.status_code == 200 and "۱۳۹۰" in page.content.decode()
    assert not Meeting.objects.filter(working_group=demo_group, number=9).exists()
    assert ImportFile.objects.get(pk=entry.pk).status == ImportFile.Status.READ


@pytest.mark.django_db
def test_other_staff_accept_a_draft_the_secretary_publishes(demo_group, clients, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = _one_read_file(demo_group)
    review = clients["staff"].get(f"/g/{demo_group.slug}/archive/file/{entry.pk}/").content.decode()
    assert "دبیر کارگروه آن را" in review  # says the secretary publishes it
    response = clients["staff"].post(
        f"/g/{demo_group.slug}/archive/file/{entry.pk}/",
        {
            "text": entry.text.replace("\n", "\r\n"),
            "number": "۹",
            "version": entry.version,
            "reference_date": "",
        },
    )  # a browser sends a text box's lines ending in CRLF
    assert response.status_code == 302
    meeting = Meeting.objects.get(working_group=demo_group, number=9)
    assert meeting.status == Meeting.Status.HELD  # a draft: publishing is the secretary's step
    accepted = ImportFile.objects.get(pk=entry.pk)
    assert accepted.status == ImportFile.Status.ACCEPTED and accepted.text == entry.text

    # The session's page offers the secretary, and no one else, to publish it as signed on paper.
    url = f"/g/{demo_group.slug}/sessions/9/"
    assert "publish-archive-button" in clients["secretary"].get(url).content.decode()
    assert "publish-archive-button" not in clients["staff"].get(url).content.decode()
    assert clients["staff"].post(url + "publish-archive/").status_code == 403
    assert clients["tehran"].post(url + "publish-archive/").status_code in (403, 404)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD
    published = clients["secretary"].post(url + "publish-archive/", follow=True)
    assert "امضاشده روی کاغذ منتشر شد" in published.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PUBLISHED
    assert "publish-archive-button" not in clients["secretary"].get(url).content.decode()


@pytest.mark.django_db
def test_a_corrected_text_that_cannot_be_read_stays_in_its_box_and_nothing_is_saved(
    demo_group, clients, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    entry = _one_read_file(demo_group)
    typed = "متن\x00دودویی " + entry.text
    page = (
        clients["secretary"]
        .post(
            f"/g/{demo_group.slug}/archive/file/{entry.pk}/",
            {"text": typed, "number": "۹", "version": entry.version, "reference_date": ""},
        )
        .content.decode()
    )
    assert (
        'id="corrected-text-error"' in page and "متن\x00دودویی" in page.replace("&#x0;", "\x00")
    ) or "دودویی" in page
    assert not Meeting.objects.filter(working_group=demo_group, number=9).exists()


@pytest.mark.django_db
def test_a_damaged_or_oversized_entry_is_kept_with_its_reason(demo_group, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    good = (demo_archive.FOLDER / "09-mashhad-1390.txt").read_bytes()
    packed = bytearray(samples.zip_of({"09.txt": good, "damaged.txt": good * 3, "__MACOSX/._09.txt": b"x"}))
    start = packed.find(b"damaged.txt") + len("damaged.txt")
    packed[start + 20] ^= 0xFF  # a flipped byte in the compressed data of the second entry
    monkeypatch.setattr(bulk, "MAX_FILE_BYTES", len(good) * 2)
    files = bulk.files_of_upload("archive.zip", bytes(packed))
    assert [sent.name for sent in files] == ["09.txt", "damaged.txt"]  # the system's file left out
    assert files[0].problem == "" and files[1].problem
    batch = bulk.send_files(command_line_access(demo_group), name="archive.zip", files=files, queue=False)
    bulk.read_batch(batch.pk, token="t")
    states = dict(batch.files.values_list("name", "status"))
    assert states == {"09.txt": ImportFile.Status.READ, "damaged.txt": ImportFile.Status.UNREADABLE}
    with pytest.raises(bulk.BatchRefused):
        bulk.files_of_upload("empty.zip", samples.zip_of({}))


@pytest.mark.django_db
def test_a_batch_being_read_is_not_resumed_a_second_time(demo_group, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    text = (demo_archive.FOLDER / "09-mashhad-1390.txt").read_bytes()
    access = command_line_access(demo_group)
    batch = bulk.send_files(access, name="b", files=[bulk.SentFile("09.txt", text)], queue=False)
    with pytest.raises(bulk.BatchRefused):
        bulk.resume_batch(access, batch)  # queued: a worker is about to read it
    ImportBatch.objects.filter(pk=batch.pk).update(job_status=JobStatus.FAILED)
    bulk.resume_batch(access, batch)  # the test settings run the task at once
    assert ImportBatch.objects.get(pk=batch.pk).job_status == JobStatus.READY
    assert batch.files.get().status == ImportFile.Status.READ


@needs_ocr
def test_a_tiff_of_two_pages_is_read_page_by_page_and_shown_as_png():
    from PIL import Image

    text = (demo_archive.FOLDER / "11-isfahan-1391.txt").read_text(encoding="utf-8")
    page = Image.open(BytesIO(samples.scan_of(text, seed=3)))
    output = BytesIO()
    page.save(output, "TIFF", save_all=True, append_images=[page.copy()])
    read = read_file("scan.tif", output.getvalue())
    assert len(read.pages) == 2 and all(image.startswith(b"\x89PNG") for image in read.pages)
    assert {line.page for line in read.lines} == {1, 2}
