"""Working groups, their member organizations, people and who may do what."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from secretariat import letter_numbers
from secretariat.persian import localize_digits


class OrganizationQuerySet(models.QuerySet):
    def members_of(self, working_group: WorkingGroup) -> OrganizationQuerySet:
        return self.filter(memberships__working_group=working_group).distinct()


class Organization(models.Model):
    """A body that takes part in sessions: a member city's organization, a council, a committee."""

    class Kind(models.TextChoices):
        MARKET_ORGANIZATION = "market", _("fruit and vegetable market organization")
        CITY_COUNCIL = "council", _("city council")
        MUNICIPAL_BODY = "municipal", _("municipal body")
        OTHER = "other", _("other")

    name = models.CharField(_("full name"), max_length=None, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=None, blank=True, help_text=_("As written in a list, e.g. the city name.")
    )
    city = models.CharField(_("city"), max_length=None, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MARKET_ORGANIZATION)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class WorkingGroup(models.Model):
    """A working group of member organizations with its secretariat and secretary."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=300)
    secretariat_name = models.CharField(_("secretariat name"), max_length=300)
    secretary = models.ForeignKey(
        "Person",
        verbose_name=_("secretary"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups_as_secretary",
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretariat staff"),
        blank=True,
        related_name="staffed_groups",
    )
    members: models.ManyToManyField[Organization, Membership] = models.ManyToManyField(
        Organization,
        verbose_name=_("member organizations"),
        through="Membership",
        related_name="working_groups",
        blank=True,
    )
    proposal_cutoff_days = models.PositiveSmallIntegerField(
        _("days before a session that agenda proposals close"),
        default=7,
        help_text=_("Members propose agenda items until this many days before a session's first day."),
    )
    host_duties = models.TextField(
        _("what a host organization prepares"),
        blank=True,
        help_text=_("Shown to the host organization's users; the usual list when empty."),
    )
    letterhead = models.ImageField(
        _("letterhead"),
        upload_to="letterheads/",
        blank=True,
        help_text=_(
            "A band across the top of the first page of the minutes and invitations (PNG or JPEG, "
            "about 1800 × 250 pixels)."
        ),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        help_text=_("Printed beside the title on the first page when there is no letterhead (PNG or JPEG)."),
    )
    word_font = models.CharField(
        _("font of the Word files"),
        max_length=60,
        blank=True,
        help_text=_(
            "The font the minutes' Word file asks for, as installed on the secretariat's computers "
            "(e.g. B Nazanin or B Lotus); Vazirmatn when empty."
        ),
    )

    letter_number_pattern = models.CharField(
        _("pattern of the letters' numbers"),
        max_length=letter_numbers.MAX_LENGTH,
        default=letter_numbers.DEFAULT_PATTERN,
        validators=[letter_numbers.validate_pattern],
        help_text=_(
            "As the secretariat's correspondence register numbers its letters, e.g. د/{سال}/{ردیف}: "
            "{سال} the Jalali year, {ردیف} the running number of the group's letters in that year, "
            "{نشست} the session's number, {نوبت} the issue of its invitation. A number can also be "
            "typed when the invitation is issued."
        ),
    )

    class QuorumRule(models.TextChoices):
        MAJORITY = "majority", _("more than half of the member organizations")
        TWO_THIRDS = "two_thirds", _("two thirds of the member organizations")
        COUNT = "count", _("a set number of member organizations")

    quorum_rule = models.CharField(
        _("quorum"),
        max_length=12,
        choices=QuorumRule.choices,
        default=QuorumRule.MAJORITY,
        help_text=_("How many member organizations must be present for a session to decide."),
    )
    quorum_count = models.PositiveSmallIntegerField(
        _("quorum as a number of organizations"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Used when the quorum is a set number: at least 1, at most the number of member organizations."
        ),
    )
    quorum_counts_substitutes = models.BooleanField(
        _("substitutes count towards the quorum"),
        default=True,
        help_text=_(
            "An organization represented by a substitute with an introduction letter counts as present."
        ),
    )

    class Numbering(models.TextChoices):
        WITHIN_SESSION = "session", _("within each session (1, 2, 3… in every session)")
        CONTINUOUS = "continuous", _("continuously across the sessions of a term")

    resolution_numbering = models.CharField(
        _("resolution numbering"),
        max_length=12,
        choices=Numbering.choices,
        default=Numbering.WITHIN_SESSION,
    )
    first_resolution_number = models.PositiveIntegerField(
        _("first resolution number of the term"),
        default=1,
        help_text=_("With continuous numbering: the number of the first resolution of the term, e.g. 780."),
    )
    numbering_from_session = models.PositiveSmallIntegerField(
        _("first session of the term"),
        null=True,
        blank=True,
        help_text=_("With continuous numbering: the session whose first resolution takes the first number."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:group", args=[self.slug])

    def clean(self) -> None:
        """A quorum of a set number is given, and is no more than the group's member organizations."""
        super().clean()
        if self.quorum_rule != self.QuorumRule.COUNT:
            return
        if not self.quorum_count:
            raise ValidationError(
                {"quorum_count": _("Give how many member organizations make a quorum (at least 1).")}
            )
        members = self.memberships.count() if self.pk else 0
        if self.quorum_count > members:
            raise ValidationError(
                {
                    "quorum_count": _(
                        "A quorum of %(count)s organizations is more than the group's %(members)s member "
                        "organizations."
                    )
                    % {"count": localize_digits(self.quorum_count), "members": localize_digits(members)}
                }
            )


class Membership(models.Model):
    """An organization's membership of a working group."""

    working_group = models.ForeignKey(
        WorkingGroup, verbose_name=_("working group"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        ordering = ["working_group", "organization__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["working_group", "organization"],
                name="unique_membership",
                violation_error_message=_("This organization is already a member of the working group."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.working_group}"


class Person(models.Model):
    """Someone who attends, speaks or signs; optionally a user of this site."""

    class Honorific(models.TextChoices):
        MR = "mr", _("Mr.")
        MS = "ms", _("Ms.")
        NONE = "", _("(none)")

    class Title(models.TextChoices):
        ENGINEER = "eng", _("Eng.")
        DOCTOR = "dr", _("Dr.")
        NONE = "", _("(none)")

    honorific = models.CharField(_("honorific"), max_length=5, choices=Honorific.choices, blank=True)
    title = models.CharField(_("title"), max_length=5, choices=Title.choices, blank=True)
    first_name = models.CharField(_("first name"), max_length=None, blank=True)
    last_name = models.CharField(_("last name"), max_length=None)
    position = models.CharField(_("position"), max_length=None, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def formal_name(self) -> str:
        """Name with honorific and title, as minutes address people: "جناب آقای مهندس جعفری"."""
        honorific = self.Honorific(self.honorific).label if self.honorific else ""
        title = self.Title(self.title).label if self.title else ""
        return " ".join(str(part) for part in (honorific, title, self.full_name) if part)


class AuditEvent(models.TextChoices):
    """Every kind of action the audit trail records, named once (as ``log_action`` requires)."""

    AGENDA_DECISION_UNDONE = "agenda.decision_undone", _("agenda: decision undone")
    ARCHIVE_IMPORT_SENT = "archive.import_sent", _("archive: files sent to be imported")
    ARCHIVE_IMPORT_RESUMED = "archive.import_resumed", _("archive: import resumed")
    ARCHIVE_FILE_ACCEPTED = "archive.file_accepted", _("archive: imported file accepted")
    ARCHIVE_FILE_SET_ASIDE = "archive.file_set_aside", _("archive: imported file set aside")
    AGENDA_DOCUMENT_ATTACHED = "agenda.document_attached", _("agenda: document attached")
    AGENDA_ITEM_ADDED = "agenda.item_added", _("agenda: item added")
    API_TOKEN_MADE = "api.token_made", _("interface: token made")
    API_TOKEN_REVOKED = "api.token_revoked", _("interface: token revoked")
    WEBHOOK_CHANGED = "api.webhook_changed", _("interface: webhook changed")
    AGENDA_ITEM_MOVED = "agenda.item_moved", _("agenda: item moved")
    AGENDA_ITEMS_ACCEPTED = "agenda.items_accepted", _("agenda: items accepted")
    AGENDA_ITEMS_DROPPED = "agenda.items_dropped", _("agenda: items dropped")
    AGENDA_PROPOSAL_ACCEPTED = "agenda.proposal_accepted", _("agenda: proposal accepted")
    AGENDA_PROPOSAL_DECLINED = "agenda.proposal_declined", _("agenda: proposal declined")
    AGENDA_PROPOSED = "agenda.proposed", _("agenda: proposed")
    AGENDA_SUGGESTED = "agenda.suggested", _("agenda: suggested")
    ATTENDANCE_ABSENT_MEMBERS_RECORDED = (
        "attendance.absent_members_recorded",
        _("attendance: absent members recorded"),
    )
    ATTENDANCE_LETTER_ATTACHED = "attendance.letter_attached", _("attendance: letter attached")
    ATTENDANCE_RECORDED = "attendance.recorded", _("attendance: recorded")
    ATTENDANCE_REPLIED = "attendance.replied", _("attendance: replied")
    CALENDAR_FEED_CREATED = "calendar_feed.created", _("calendar feed: created")
    CALENDAR_FEED_RENEWED = "calendar_feed.renewed", _("calendar feed: renewed")
    COMMITTEE_ASSIGNED = "committee.assigned", _("committee: assigned at a session")
    COMMITTEE_FORMED = "committee.formed", _("committee: formed")
    DEADLINE_REMINDED = "deadline.reminded", _("deadline: reminded")
    EXTENSION_APPROVED = "extension.approved", _("extension: approved")
    EXTENSION_DECLINED = "extension.declined", _("extension: declined")
    EXTENSION_REQUESTED = "extension.requested", _("extension: requested")
    FOLLOW_UP_ACCEPTED = "follow_up.accepted", _("follow up: accepted")
    FOLLOW_UP_FILED = "follow_up.filed", _("follow up: filed")
    FOLLOW_UP_RETURNED = "follow_up.returned", _("follow up: returned")
    GROUP_CHANGED = "group.changed", _("group: changed")
    GROUP_CREATED = "group.created", _("group: created")
    GROUP_MEMBERS_CHANGED = "group.members_changed", _("group: members changed")
    GROUP_STAFF_CHANGED = "group.staff_changed", _("group: staff changed")
    INVITATION_ISSUED = "invitation.issued", _("invitation: issued")
    INVITATION_LETTER_RETRIED = "invitation.letter_retried", _("invitation: letter retried")
    MAIL_RETRIED = "mail.retried", _("mail: retried")
    MAIL_SET_ASIDE = "mail.set_aside", _("mail: set aside")
    MEMBERSHIP_CHANGED = "membership.changed", _("membership: changed")
    MEMBERSHIP_CREATED = "membership.created", _("membership: created")
    MEMBERSHIP_DELETED = "membership.deleted", _("membership: deleted")
    MINUTES_CHANGE_ACCEPTED = "minutes.change_accepted", _("minutes: change accepted")
    MINUTES_CHANGE_ANSWERED = "minutes.change_answered", _("minutes: change answered")
    MINUTES_CHANGE_REQUESTED = "minutes.change_requested", _("minutes: change requested")
    MINUTES_CIRCULATED = "minutes.circulated", _("minutes: circulated")
    MINUTES_CORRECTION_OPENED = "minutes.correction_opened", _("minutes: correction opened")
    MINUTES_FINALIZED = "minutes.finalized", _("minutes: finalized")
    MINUTES_PAPER_SIGNATURES_RECORDED = (
        "minutes.paper_signatures_recorded",
        _("minutes: paper signatures recorded"),
    )
    MINUTES_PUBLISHED = "minutes.published", _("minutes: published")
    MINUTES_PUBLISHED_AS_ARCHIVED = "minutes.published_as_archived", _("minutes: published as archived")
    MINUTES_SAVED = "minutes.saved", _("minutes: saved")
    MINUTES_SIGNED = "minutes.signed", _("minutes: signed")
    MINUTES_SIGNED_PDF_RETRIED = "minutes.signed_pdf_retried", _("minutes: signed pdf retried")
    MINUTES_SIGNERS_REMINDED = "minutes.signers_reminded", _("minutes: signers reminded")
    MINUTES_WITHDRAWN = "minutes.withdrawn", _("minutes: withdrawn")
    NUMBERING_CHANGED = "numbering.changed", _("numbering: changed")
    ORGANIZATION_ADDED = "organization.added", _("organization: added")
    ORGANIZATION_CHANGED = "organization.changed", _("organization: changed")
    ORGANIZATION_CREATED = "organization.created", _("organization: created")
    PERSON_ADDED = "person.added", _("person: added")
    PERSON_CHANGED = "person.changed", _("person: changed")
    PERSON_CREATED = "person.created", _("person: created")
    PERSON_LOGIN_LINKED = "person.login_linked", _("person: login linked")
    PERSON_LOGIN_UNLINKED = "person.login_unlinked", _("person: login unlinked")
    REQUEST_ANSWERED = "request.answered", _("request: answered")
    REQUEST_ASKED = "request.asked", _("request: asked")
    REQUEST_BOOKLET_SENT = "request.booklet_sent", _("request: booklet sent")
    REQUEST_COMPILED = "request.compiled", _("request: compiled")
    REQUEST_REMINDED = "request.reminded", _("request: reminded")
    RESOLUTION_DELETED = "resolution.deleted", _("resolution: deleted")
    RESOLUTION_DRAFTED = "resolution.drafted", _("resolution: drafted")
    SESSION_CREATED = "session.created", _("session: created")
    SESSION_DELETED = "session.deleted", _("session: deleted")
    SESSION_HELD = "session.held", _("session: held")
    SESSION_IMPORTED = "session.imported", _("session: imported")
    SESSION_PLANNED = "session.planned", _("session: planned")
    SEAL_ROTATED = "seal.rotated", _("seal: certificate renewed")


class AuditRecord(models.Model):
    """One action taken on the secretariat's data: who took it, when, on what (see ``secretariat.audit``)."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_records",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(
        _("by (as recorded)"),
        max_length=None,
        blank=True,
        help_text=_("The account's name when it acted; empty for the command line."),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True, choices=AuditEvent.choices)
    subject_type = models.CharField(_("subject type"), max_length=80, blank=True)
    subject_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
    subject_label = models.CharField(_("subject"), max_length=None, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject")]

    def __str__(self) -> str:
        return f"{self.action} — {self.subject_label}"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message in a user's inbox (``/inbox/``); the same news goes by e-mail where an address exists."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        AGENDA = "agenda", _("agenda")
        PROPOSAL = "proposal", _("agenda proposal")
        ATTENDANCE = "attendance", _("attendance")
        SIGNATURE = "signature", _("signature")
        DEADLINE = "deadline", _("deadline")
        REPORT = "report", _("follow-up report")
        REQUEST = "request", _("information request")
        EXTENSION = "extension", _("deadline extension")
        REVIEW = "review", _("change request")
        CHANGE = "change", _("change request")
        WEBHOOK = "webhook", _("webhook")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=None)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=None, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_to = models.CharField(_("also e-mailed to"), max_length=None, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class JobStatus(models.TextChoices):
    """Where work made in the background stands (``secretariat.jobs``)."""

    NOT_ASKED = "", _("not asked for")
    QUEUED = "queued", _("waiting for the background worker")
    RUNNING = "running", _("being made")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class BackgroundJob(models.Model):
    """The state of one piece of work made in the background for this row — a PDF laid out and
    stored, a seal — kept on the row so that its page can say truly whether it is waiting, being
    made, made, or failed and why (``secretariat.jobs``)."""

    job_status = models.CharField(
        _("background work"),
        max_length=10,
        choices=JobStatus.choices,
        default=JobStatus.NOT_ASKED,
        blank=True,
    )
    job_token = models.CharField(_("task that holds it"), max_length=64, blank=True, editable=False)
    job_error = models.TextField(_("why it failed"), blank=True)
    job_queued_at = models.DateTimeField(_("asked of the worker at"), null=True, blank=True)
    job_started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    job_finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True

    # Not worth a history row: the work's own progress, written by the worker, not by a person.
    JOB_FIELDS = (
        "job_status",
        "job_token",
        "job_error",
        "job_queued_at",
        "job_started_at",
        "job_finished_at",
    )

    @property
    def job_waiting(self) -> bool:
        """Queued or being made: a page may truly say "being prepared"."""
        return self.job_status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def job_failed(self) -> bool:
        return self.job_status == JobStatus.FAILED


class StoredDocument(BackgroundJob):
    """A file made from content — a PDF laid out by WeasyPrint, a Word file — made once for a
    given content and kept, so that every later download of the same content is served from
    storage (``secretariat.documents``).

    Derived data, not a record of the group's business: it is made and replaced by the site, not by
    a person, and may be pruned at any time (it is made again on the next download).
    """

    key = models.CharField(_("content key"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=40)
    content_type = models.CharField(_("content type"), max_length=100)
    source = models.TextField(_("source to lay out"), blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", blank=True, max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("asked for at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")

    def __str__(self) -> str:
        return f"{self.kind} {self.key[:12]}"

    @property
    def is_ready(self) -> bool:
        return self.job_status == JobStatus.READY and bool(self.file)


class MailBatch(models.Model):
    """One message e-mailed to several addresses — an invitation, a request to sign — sent by the
    background worker address by address (``secretariat.mail``), so that one refused address or a
    mail server that does not answer never holds up a page or drops the others."""

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mail_batches",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Notification.Kind.choices)
    subject = models.CharField(_("subject"), max_length=None)
    body = models.TextField(_("message"), blank=True)
    page = models.CharField(
        _("page"),
        max_length=None,
        blank=True,
        help_text=_("The page the message links to, where the secretariat sees what became of it."),
    )
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    held = models.BooleanField(
        _("waiting for an attachment"),
        default=False,
        help_text=_("Sent once the attachment it carries (a letter being laid out) is made."),
    )
    set_aside = models.BooleanField(
        _("set aside"), default=False, help_text=_("The secretariat has dealt with its failures another way.")
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")

    def __str__(self) -> str:
        return self.subject


class MailDelivery(models.Model):
    """One address of a ``MailBatch`` and what became of the message sent to it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        RETRYING = "retrying", _("failed for now; tried again later")
        FAILED = "failed", _("failed")

    batch = models.ForeignKey(
        MailBatch, verbose_name=_("e-mail"), on_delete=models.CASCADE, related_name="deliveries"
    )
    name = models.CharField(_("to whom"), max_length=None, blank=True)
    address = models.EmailField(_("address"), max_length=254)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["batch", "pk"]
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_delivery_due")]

    def __str__(self) -> str:
        return f"{self.address} — {self.get_status_display()}"


class WorkerHeartbeat(models.Model):
    """A background worker process says it is alive; the tasks of one that stopped saying so are
    taken up by another (``secretariat.management.commands.db_worker``)."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=200, blank=True)
    pid = models.PositiveIntegerField(_("process"), default=0)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("background worker")
        verbose_name_plural = _("background workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class DataVersion(models.Model):
    """One row whose token changes whenever the site's data changes (``secretariat.data_version``):
    a page or file made from the data is found again by it, at the cost of one small query."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return self.token
