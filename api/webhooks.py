"""Telling members' systems what happened: events to their webhooks, delivered in the background.

An action calls ``emit`` with the event, the working group, the organizations that may know of it
(the lifecycle rule decides: minutes out for signature only to those that attended) and the
identifiers of what it is about. Each active webhook of those organizations that asked for the
event gets a ``WebhookDelivery``, sent by a background task once the action's transaction commits.
The body is thin — the event, the group, the identifiers and the API's addresses to read the rest —
so that a receiver reads the details with its own token, under the same access rules.

Each request is a POST of JSON with ``X-Secretariat-Event``, ``X-Secretariat-Delivery``,
``X-Secretariat-Timestamp`` and ``X-Secretariat-Signature: sha256=<hex>``, the HMAC-SHA256 with the
webhook's secret of ``"<timestamp>.<body>"``. A 2xx answer delivers it; anything else (or no answer
within ``WEBHOOK_TIMEOUT``) is tried again after ``RETRY_AFTER``; after ``WEBHOOK_DISABLE_AFTER``
failed attempts in a row the webhook is switched off and the organization's users are told.
A delivery left "being sent" by a worker that died is taken up again by the worker's sweep.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import Webhook, WebhookDelivery, WebhookEvent
from secretariat import jobs
from secretariat.persian import in_site_language, localize_digits
from secretariat.sending import MAX_ATTEMPTS, RETRY_AFTER  # as an e-mail: after 1, 5, 30, 120 minutes
from secretariat.site import site_url

logger = logging.getLogger(__name__)


S = WebhookDelivery.Status


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def emit(event: WebhookEvent, group, organizations: Iterable, **subject) -> list[WebhookDelivery]:
    """Queue ``event`` about ``subject`` (ids) in ``group`` for the webhooks of ``organizations``."""
    organization_ids = {organization.pk for organization in organizations}
    if not organization_ids:
        return []
    hooks = [
        hook
        for hook in Webhook.objects.filter(
            is_active=True,
            organization_id__in=organization_ids,
            organization__memberships__working_group=group,
        ).distinct()
        if event in hook.events
    ]
    if not hooks:
        return []
    payload = {
        "event": str(event),
        "occurred_at": timezone.now().isoformat(),
        "group": group.slug,
        **subject,
        "links": _links(group, subject),
    }
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(webhook=hook, event=event, payload=payload) for hook in hooks
    )
    for delivery in deliveries:
        queue_delivery(delivery.pk)
    return deliveries


def _links(group, subject: dict) -> dict:
    base = f"{site_url()}/api/v1/groups/{group.slug}"
    links = {}
    if "session" in subject:
        links["session"] = f"{base}/sessions/{subject['session']}/"
    if "revision" in subject and "session" in subject:
        links["revision"] = f"{base}/sessions/{subject['session']}/revisions/{subject['revision']}/"
    if "resolution" in subject:
        links["resolution"] = f"{base}/resolutions/{subject['resolution']}/"
    if "resolutions" in subject:
        links["resolutions"] = f"{base}/resolutions/?mine=true"
    if "request" in subject:
        links["requests"] = f"{base}/requests/"
    return links


def queue_delivery(delivery_id: int) -> None:
    from api.tasks import deliver_webhook

    jobs.queue(deliver_webhook, delivery_id)


def deliver(delivery_id: int) -> None:
    """Send one delivery if it is due, and record what became of it: what the task runs. No
    transaction is held while the receiver is asked."""
    taken = WebhookDelivery.objects.filter(pk=delivery_id, status=S.QUEUED).update(status=S.SENDING)
    if not taken:
        return  # sent, or taken by another worker
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    hook = delivery.webhook
    if not hook.is_active:
        _record(delivery, status=S.FAILED, error=_("The webhook is switched off."))
        return
    refusal, addresses = checked_address(hook.url)
    if refusal:
        _failed(delivery, status=None, error=refusal)
        return
    body = json.dumps({"delivery": delivery.pk, **delivery.payload}, ensure_ascii=False).encode()
    timestamp = str(int(timezone.now().timestamp()))
    request = urllib.request.Request(
        hook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Secretariat-Webhook/1",
            "X-Secretariat-Event": delivery.event,
            "X-Secretariat-Delivery": str(delivery.pk),
            "X-Secretariat-Timestamp": timestamp,
            "X-Secretariat-Signature": signature(hook.secret, timestamp, body),
        },
    )
    try:
        with _opener(addresses).open(request, timeout=settings.WEBHOOK_TIMEOUT) as answer:
            status = answer.status
    except urllib.error.HTTPError as error:
        _failed(
            delivery, status=error.code, error=_("The address answered %(status)s.") % {"status": error.code}
        )
        return
    except (OSError, ValueError, http.client.HTTPException) as error:
        # no answer, a refused connection, a timeout, a bad address, an answer that is not HTTP
        _failed(delivery, status=None, error=describe(error))
        return
    if 200 <= status < 300:
        _record(delivery, status=S.SENT, response_status=status, delivered=True)
        Webhook.objects.filter(pk=hook.pk).update(failures_in_a_row=0)
    else:
        _failed(delivery, status=status, error=_("The address answered %(status)s.") % {"status": status})


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not an address to follow: it could lead inside the network."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _pinned(connection_class, addresses: list[str]):
    """``connection_class`` connecting to the ``addresses`` that were checked, each in turn, instead
    of looking the host's name up again, which could now answer an address inside the network; the
    request's Host header and, over HTTPS, the certificate's check still use the name. Given no
    addresses (private addresses allowed, or a proxy to reach) it connects as usual."""

    def make(host, **kwargs):
        connection = connection_class(host, **kwargs)
        if addresses:
            connect = connection._create_connection

            def to_checked_addresses(target, *args, **kwargs):
                refused: OSError | None = None
                for address in addresses:
                    try:
                        return connect((address, target[1]), *args, **kwargs)
                    except OSError as error:
                        refused = error
                assert refused is not None
                raise refused

            connection._create_connection = to_checked_addresses
        return connection

    return make


def _opener(addresses: list[str]) -> urllib.request.OpenerDirector:
    """An opener that follows no redirect and connects to the checked ``addresses``. A request to
    be sent through a proxy (the environment's ``http_proxy``/``https_proxy``) connects to the
    proxy, which looks the name up itself."""

    def checked(req) -> list[str]:
        return [] if req.has_proxy() or getattr(req, "_tunnel_host", None) else addresses

    class PinnedHTTP(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(_pinned(http.client.HTTPConnection, checked(req)), req)

    class PinnedHTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req):
            connection = _pinned(http.client.HTTPSConnection, checked(req))
            return self.do_open(connection, req, context=self._context)

    return urllib.request.build_opener(_NoRedirects, PinnedHTTP, PinnedHTTPS)


def _look_up(host: str, port: int, seconds: float) -> list:
    """``socket.getaddrinfo`` given up after ``seconds`` (it has no timeout of its own). The lookup
    runs on a daemon thread: one that hangs is left behind and holds up neither the delivery nor
    the worker's exit."""
    outcome: dict = {}
    done = threading.Event()

    def look_up() -> None:
        try:
            outcome["found"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except BaseException as error:
            outcome["error"] = error
        finally:
            done.set()

    threading.Thread(target=look_up, name="webhook-lookup", daemon=True).start()
    if not done.wait(seconds):
        raise TimeoutError(host)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["found"]


def checked_address(url: str) -> tuple[str, list[str]]:
    """Why ``url`` is not sent to (or ""), and the addresses to connect to (none: as usual). An
    address of this server or of a private, shared or otherwise not public network is refused
    unless ``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` (a member's address must not reach inside); the name
    is looked up once, within ``WEBHOOK_TIMEOUT``, and the connection goes to the addresses found,
    not to a second lookup."""
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return "", []
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:  # a port past 65535: the URL check lets five digits through
        return _("The address's port is not a port number."), []
    try:
        found = _look_up(parts.hostname or "", port, settings.WEBHOOK_TIMEOUT)
    except TimeoutError:
        return _("The address's name was not found within %(seconds)s seconds.") % {
            "seconds": localize_digits(settings.WEBHOOK_TIMEOUT)
        }, []
    except (OSError, UnicodeError) as error:
        return _("The address's name was not found: %(error)s") % {"error": error}, []
    addresses: list[str] = []
    for *_rest, sockaddr in found:
        ip = _as_reached(ipaddress.ip_address(sockaddr[0]))
        if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
            return _("The address %(address)s is inside a private network: events are not sent there.") % {
                "address": ip
            }, []
        if str(sockaddr[0]) not in addresses:
            addresses.append(str(sockaddr[0]))
    if not addresses:
        return _("The address's name was not found: %(error)s") % {"error": parts.hostname}, []
    return "", addresses


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _as_reached(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The IPv4 address an IPv4-mapped or NAT64 IPv6 address leads to; any other as it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def address_refusal(url: str) -> str:
    """Why ``url`` is not sent to, or ""."""
    return checked_address(url)[0]


def describe(error: BaseException) -> str:
    if isinstance(error, TimeoutError) or "timed out" in str(error):
        return _("No answer within %(seconds)s seconds.") % {
            "seconds": localize_digits(settings.WEBHOOK_TIMEOUT)
        }
    if isinstance(error, ConnectionRefusedError) or "refused" in str(error).lower():
        return _("The address refused the connection.")
    return f"{type(error).__name__}: {error}"[:500]


def _record(
    delivery: WebhookDelivery, *, status: str, response_status=None, error="", delivered=False
) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=status,
        attempts=F("attempts") + 1,
        response_status=response_status,
        error=error,
        next_attempt_at=None,
        delivered_at=timezone.now() if delivered else None,
    )


def _failed(delivery: WebhookDelivery, *, status: int | None, error: str) -> None:
    attempts = delivery.attempts + 1
    last = attempts >= MAX_ATTEMPTS
    logger.warning(
        "Webhook delivery %s to %s failed (attempt %s): %s",
        delivery.pk,
        delivery.webhook.url,
        attempts,
        error,
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=S.FAILED if last else S.RETRYING,
        attempts=attempts,
        response_status=status,
        error=error,
        next_attempt_at=None if last else timezone.now() + RETRY_AFTER[attempts - 1],
    )
    Webhook.objects.filter(pk=delivery.webhook_id).update(failures_in_a_row=F("failures_in_a_row") + 1)
    hook = Webhook.objects.get(pk=delivery.webhook_id)
    if hook.is_active and hook.failures_in_a_row >= settings.WEBHOOK_DISABLE_AFTER:
        switch_off(hook, error)


@in_site_language
@transaction.atomic
def switch_off(hook: Webhook, error: str) -> None:
    """Stop sending to an address that keeps failing, and tell the organization's users."""
    from secretariat.models import Notification
    from secretariat.notifications import notify_organizations

    reason = _("%(count)s attempts in a row failed; the last: %(error)s") % {
        "count": localize_digits(hook.failures_in_a_row),
        "error": error,
    }
    if not Webhook.objects.filter(pk=hook.pk, is_active=True).update(is_active=False, disabled_reason=reason):
        return
    WebhookDelivery.objects.filter(webhook=hook, status__in=[S.QUEUED, S.RETRYING]).update(
        status=S.FAILED, next_attempt_at=None
    )
    notify_organizations(
        None,
        [hook.organization],
        kind=Notification.Kind.WEBHOOK,
        title=_("The site stopped sending events to %(url)s") % {"url": hook.url},
        body=reason,
        url=reverse("api_webhooks"),
    )


def due_for_retry(now: datetime.datetime | None = None) -> list[int]:
    """Queue the deliveries whose retry is due, and those a dead worker left being sent: run by the
    worker's sweep. Returns their ids."""
    now = now or timezone.now()
    stuck = Q(status=S.SENDING, updated_at__lt=now - jobs.lease())
    due = Q(status=S.RETRYING, next_attempt_at__lte=now) | stuck
    ids = list(WebhookDelivery.objects.filter(due, webhook__is_active=True).values_list("pk", flat=True))
    if ids:
        WebhookDelivery.objects.filter(pk__in=ids).update(status=S.QUEUED)
        for delivery_id in ids:
            queue_delivery(delivery_id)
    return ids


# ---- the events, each told to whom the lifecycle rule lets know of it


def _members(group):
    from secretariat.models import Organization

    return Organization.objects.members_of(group)


def _attending(meeting):
    from secretariat.models import Organization

    return Organization.objects.filter(
        pk__in=meeting.attendances.attending().exclude(organization=None).values("organization")
    )


def session_planned(meeting) -> None:
    emit(
        WebhookEvent.SESSION_PLANNED,
        meeting.working_group,
        _members(meeting.working_group),
        session=meeting.number,
    )


def invitation_issued(meeting, invitation) -> None:
    emit(
        WebhookEvent.INVITATION_ISSUED,
        meeting.working_group,
        _members(meeting.working_group),
        session=meeting.number,
        invitation=invitation.sequence,
    )


def minutes_circulated(meeting, revision) -> None:
    """Only the organizations that attended read minutes out for signature."""
    emit(
        WebhookEvent.MINUTES_CIRCULATED,
        meeting.working_group,
        _attending(meeting),
        session=meeting.number,
        revision=revision.number,
    )


def minutes_signed(meeting, revision) -> None:
    """Signed minutes: told to those that attended; each organization a resolution of them names
    is told once, with the resolutions that name it."""
    from resolutions.models import Resolution

    group = meeting.working_group
    emit(
        WebhookEvent.MINUTES_SIGNED,
        group,
        _attending(meeting),
        session=meeting.number,
        revision=revision.number,
    )
    named: dict[int, tuple[object, list[int]]] = {}
    resolutions = (
        Resolution.objects.filter(meeting=meeting)
        .select_related("responsible_organization")
        .prefetch_related(
            "collaborator_links__organization", "responsible_committee__assignments__organization"
        )
    )
    for resolution in resolutions:
        organizations = [link.organization for link in resolution.collaborator_links.all()]
        if resolution.responsible_organization is not None:
            organizations.append(resolution.responsible_organization)
        if resolution.responsible_committee is not None:
            organizations += [
                assignment.organization
                for assignment in resolution.responsible_committee.assignments.all()
                if assignment.until_meeting_id is None
            ]
        for organization in organizations:
            named.setdefault(organization.pk, (organization, []))[1].append(resolution.pk)
    for organization, resolution_ids in named.values():
        emit(
            WebhookEvent.RESOLUTION_ASSIGNED,
            group,
            [organization],
            session=meeting.number,
            resolutions=sorted(set(resolution_ids)),
        )


def minutes_published(meeting, revision) -> None:
    emit(
        WebhookEvent.MINUTES_PUBLISHED,
        meeting.working_group,
        _members(meeting.working_group),
        session=meeting.number,
        revision=revision.number if revision is not None else None,
    )


def report_accepted(follow_up) -> None:
    resolution = follow_up.resolution
    emit(
        WebhookEvent.REPORT_ACCEPTED,
        resolution.meeting.working_group,
        [follow_up.organization],
        resolution=resolution.pk,
        report=follow_up.pk,
    )


def request_opened(request, recipients) -> None:
    emit(WebhookEvent.REQUEST_OPENED, request.working_group, recipients, request=request.pk)


def deadlines_reminded(group, organization, items) -> None:
    """``items``: (resolution, reminder kind, date) as the deadline reminders sent them."""
    from resolutions.reminders import LATE_KINDS

    for late, event in ((False, WebhookEvent.DEADLINE_NEAR), (True, WebhookEvent.DEADLINE_PASSED)):
        chosen = [(resolution, date) for resolution, kind, date in items if (kind in LATE_KINDS) == late]
        if chosen:
            emit(
                event,
                group,
                [organization],
                resolutions=[resolution.pk for resolution, _date in chosen],
                deadlines=[date.isoformat() for _resolution, date in chosen],
            )
