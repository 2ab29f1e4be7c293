"""The bulk import's pages: send a .zip, watch it being read, review each file beside its pages.

``/g/<group>/archive/import/`` sends files and lists earlier batches; a batch's page shows each
file's progress (refreshed by htmx while anything is being read) and the review queue, with the
files of one session shown together; a file's page is the importer's review with, for a scan, the
page images and the lines OCR was unsure of marked on them. Staff only.
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from archive import bulk
from archive.models import ImportBatch, ImportFile
from archive.ocr import Line
from archive.reading import MAX_FILE_BYTES, READABLE_SUFFIXES
from meetings.importing import ImportTextError
from meetings.importing.save import ImportRefused
from meetings.importing.views import ConfirmImportForm, parse, recounted, review
from meetings.models import Meeting
from secretariat.access import Role, get_group_for_user
from secretariat.models import Organization
from secretariat.pages import render_for_group
from secretariat.persian import localize_digits, normalize_text
from secretariat.uploads import format_size

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented way)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class SendFilesForm(forms.Form):
    files = MultipleFileField(
        label=_("A .zip of minutes, or minutes files"),
        help_text=_(
            "Minutes as .txt, .docx, .pdf (exported from Word or scanned) and scanned .png or .jpg; "
            "a .zip may hold folders of them. Up to %(size)s at a time; more than 100 files in a .zip."
        )
        % {"size": format_size(MAX_UPLOAD_BYTES)},
        widget=MultipleFileInput(
            attrs={"accept": ".zip," + ",".join(READABLE_SUFFIXES), "class": "form-control", "multiple": True}
        ),
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if not uploads:
            raise forms.ValidationError(_("Choose a .zip file or minutes files to import."))
        if sum(upload.size for upload in uploads) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The files come to more than %(size)s; send them in parts.")
                % {"size": format_size(MAX_UPLOAD_BYTES)}
            )
        sent: list[bulk.SentFile] = []
        for upload in uploads:
            try:
                sent += bulk.files_of_upload(upload.name, upload.read())
            except bulk.BatchRefused as error:
                raise forms.ValidationError(f"{upload.name}: {error}") from None
        self.batch_name = (
            uploads[0].name
            if len(uploads) == 1
            else _("%(count)s files") % {"count": localize_digits(len(uploads))}
        )
        return sent


@login_required
def import_archive(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    form = SendFilesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = bulk.send_files(access, name=form.batch_name, files=form.cleaned_data["files"])
        except bulk.BatchRefused as error:
            form.add_error("files", str(error))
        else:
            return redirect(reverse("archive:batch", args=[slug, batch.pk]))
    shown = 20
    ours = ImportBatch.objects.filter(working_group=access.group)
    latest = list(ours.values_list("pk", flat=True)[: shown + 1])
    more = len(latest) > shown
    # The latest, and any earlier one with files still awaiting review: none is lost from sight.
    batches = list(ours.filter(Q(pk__in=latest[:shown]) | Q(files__status=ImportFile.Status.READ)).distinct())
    counts = _counts(batches)
    for batch in batches:
        batch.counts = [  # type: ignore[attr-defined]
            (ImportFile.Status(status).label, count) for status, count in counts.get(batch.pk, {}).items()
        ]
    return render_for_group(
        request,
        access,
        "archive/import.html",
        {"form": form, "batches": batches, "more": more, "max_file": format_size(MAX_FILE_BYTES)},
    )


def _counts(batches: list[ImportBatch]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for batch_id, status in ImportFile.objects.filter(batch__in=batches).values_list("batch_id", "status"):
        counts[batch_id][status] = counts[batch_id].get(status, 0) + 1
    return counts


def _batch_context(batch: ImportBatch) -> dict:
    files = list(batch.files.select_related("meeting").defer("text", "ocr_lines").order_by("position"))
    done = sum(1 for entry in files if entry.is_done)
    by_session: dict[object, list[ImportFile]] = defaultdict(list)
    for entry in files:
        if entry.status in (ImportFile.Status.READ, ImportFile.Status.ACCEPTED, ImportFile.Status.SET_ASIDE):
            by_session[entry.session_number or f"file-{entry.pk}"].append(entry)
    numbers = [number for number in by_session if isinstance(number, int)]
    statuses = dict(
        Meeting.objects.filter(working_group=batch.working_group, number__in=numbers).values_list(
            "number", "status"
        )
    )
    existing = {number for number, status in statuses.items() if status != Meeting.Status.PLANNED}
    planned = {number for number, status in statuses.items() if status == Meeting.Status.PLANNED}
    accepted_here = {entry.meeting.number for entry in files if entry.meeting}
    groups = [
        {
            "number": number if isinstance(number, int) else None,
            "files": entries,
            "twice": len(entries) > 1,
            "exists": number in existing and number not in accepted_here,
            "planned": number in planned,
        }
        for number, entries in sorted(
            by_session.items(), key=lambda item: (not isinstance(item[0], int), str(item[0]).zfill(6))
        )
    ]
    return {
        "batch": batch,
        "files": files,
        "done": done,
        "total": len(files),
        "percent": round(100 * done / len(files)) if files else 100,
        "reading": bulk.is_reading(batch),
        "groups": groups,
        "unreadable": [entry for entry in files if entry.status == ImportFile.Status.UNREADABLE],
    }


def _batch(access, pk: int) -> ImportBatch:
    return get_object_or_404(ImportBatch, pk=pk, working_group=access.group)


@login_required
def batch_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    context = _batch_context(_batch(access, pk))
    template = (
        "archive/import_progress.html" if request.headers.get("HX-Request") else "archive/import_batch.html"
    )
    return render_for_group(request, access, template, context)


@login_required
@require_POST
def resume(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    batch = _batch(access, pk)
    try:
        bulk.resume_batch(access, batch)
    except bulk.BatchRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The files not read yet are being read again."))
    return redirect(reverse("archive:batch", args=[slug, batch.pk]))


def _entry(access, pk: int) -> ImportFile:
    return get_object_or_404(
        ImportFile.objects.select_related("batch", "meeting"), pk=pk, batch__working_group=access.group
    )


def _file_extra(access, entry: ImportFile) -> dict:
    lines = [Line.from_dict(values) for values in entry.ocr_lines]
    pages = []
    for number, _name in enumerate(entry.page_images, start=1):
        page_lines = [line for line in lines if line.page == number]
        pages.append(
            {
                "number": number,
                "unsure": [
                    {
                        "line": line,
                        "left": round(100 * line.left / line.page_width, 2) if line.page_width else 0,
                        "top": round(100 * line.top / line.page_height, 2) if line.page_height else 0,
                        "width": round(100 * line.width / line.page_width, 2) if line.page_width else 0,
                        "height": round(100 * line.height / line.page_height, 2) if line.page_height else 0,
                    }
                    for line in page_lines
                    if line.unsure
                ],
            }
        )
    planned = (
        Meeting.objects.filter(
            working_group=access.group, number=entry.session_number, status=Meeting.Status.PLANNED
        ).first()
        if entry.session_number
        else None
    )
    return {
        "import_file": entry,
        "planned": planned,
        "publishes": access.is_secretary,
        "pages": pages,
        "unsure": [line for line in lines if line.unsure],
        "line_count": len(lines),
    }


def _version(request: HttpRequest) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else 0


@login_required
def file_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A file's review: the importer's review of its text (as corrected here), its pages beside it.
    Accepting saves the session; the secretary's acceptance also publishes it as minutes signed
    on paper, other staff's leaves it a draft for the secretary to publish."""
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    entry = _entry(access, pk)
    if entry.status != ImportFile.Status.READ:
        return render_for_group(request, access, "archive/import_file_done.html", {"import_file": entry})
    # As typed, with the site's normalization (a browser sends a text box's lines ending in CRLF).
    text = normalize_text(request.POST.get("text", entry.text)) if request.method == "POST" else entry.text
    extra = _file_extra(access, entry)
    unsure_lines = frozenset(line.text_line for line in extra["unsure"])

    # Lines OCR was unsure of are marked in the text as read; once corrected, its lines moved.
    unsure_lines = unsure_lines if text == entry.text else frozenset()

    def show(minutes, form=None) -> HttpResponse:
        return review(
            request, access, text, minutes, form=form, template="archive/import_file.html",
            extra=extra, unsure_lines=unsure_lines,
        )  # fmt: skip

    organizations = list(Organization.objects.only("pk", "name").order_by("name"))
    try:
        minutes = parse(access, text)
    except ImportTextError as error:
        # The corrected text cannot be read: it stays in its box with the reason, and nothing is saved.
        extra["text_error"] = str(error)
        return show(parse(access, entry.text))
    if request.method != "POST" or "reread" in request.POST:
        return show(minutes)
    form = ConfirmImportForm(request.POST, minutes=minutes, organizations=organizations)
    if "recount" in request.POST:  # count the deadlines from another date: read again, save nothing
        return show(*recounted(request, access, text, minutes, form, organizations))
    if form.is_valid():
        try:
            meeting = bulk.accept_file(
                access,
                entry,
                version=_version(request),
                text=text,
                number=form.cleaned_data["number"],
                reference_date=form.cleaned_data["reference_date"],
                organization_decisions=form.decisions(),
            )
        except ImportRefused as error:
            form.add_error("number", str(error))
        except bulk.FileChanged as error:
            messages.error(request, str(error))
            return redirect(reverse("archive:file", args=[slug, entry.pk]))
        else:
            if meeting.status == Meeting.Status.PUBLISHED:
                message = _(
                    "Session %(number)s was added to the archive and published as minutes signed on paper."
                )
            else:
                message = _(
                    "Session %(number)s was saved as a draft; the working group's secretary publishes it "
                    "as minutes signed on paper from its page."
                )
            messages.success(request, message % {"number": localize_digits(meeting.number)})
            return redirect(reverse("archive:batch", args=[slug, entry.batch_id]))
    return show(minutes, form=form)


@login_required
@require_POST
def set_aside(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    entry = _entry(access, pk)
    try:
        bulk.set_aside(access, entry, version=_version(request))
    except bulk.FileChanged as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("«%(name)s» was set aside.") % {"name": entry.name})
    return redirect(reverse("archive:batch", args=[slug, entry.batch_id]))


@login_required
def page_image(request: HttpRequest, slug: str, pk: int, number: int) -> FileResponse:
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    entry = _entry(access, pk)
    if not 1 <= number <= len(entry.page_images):
        raise Http404
    response = FileResponse(
        default_storage.open(entry.page_images[number - 1], "rb"), content_type="image/png"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response
