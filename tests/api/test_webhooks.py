"""Webhooks: an event reaches a member's system, signed, from a background delivery; a failing
receiver is tried again and then switched off, with a message in the organization's inbox (#26)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from api import actions, webhooks
from api.models import Webhook, WebhookDelivery, WebhookEvent
from resolutions.actions import ask_for_information
from resolutions.models import Resolution
from secretariat.access import access_for
from secretariat.models import Notification, Organization

S = WebhookDelivery.Status


class Receiver:
    """A member's system on a local port: records what it is sent and answers ``status``."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.location = ""  # a redirect's target, when it answers one
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/secretariat"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def user(username):
    return get_user_model().objects.get(username=username)


def _ask_tehran(demo_group, title="آمار فروش روزانه"):
    tehran = user("tehran").person.organization
    return ask_for_information(
        access_for(user("dabir"), demo_group),
        title=title,
        question="آمار فروش را بفرستید.",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        recipients=[tehran],
    )


def test_an_event_is_delivered_signed_to_the_organizations_address(demo_group):
    with Receiver() as receiver:
        hook = actions.add_webhook(user("tehran"), url=receiver.url, events=[WebhookEvent.REQUEST_OPENED])
        request, _delivery = _ask_tehran(demo_group)  # the task runs at once in the tests
        assert len(receiver.received) == 1
        sent = receiver.received[0]
        headers = {name.lower(): value for name, value in sent["headers"].items()}
        expected = hmac.new(
            hook.secret.encode(),
            headers["x-secretariat-timestamp"].encode() + b"." + sent["body"],
            hashlib.sha256,
        ).hexdigest()
        assert headers["x-secretariat-signature"] == f"sha256={expected}"
        assert headers["x-secretariat-event"] == "request.opened"
        body = json.loads(sent["body"])
        assert (
            body["event"] == "request.opened" and body["request"] == request.pk and body["group"] == "meydan"
        )
        assert body["links"]["requests"].endswith("/api/v1/groups/meydan/requests/")
        delivery = WebhookDelivery.objects.get(pk=body["delivery"])
        assert delivery.status == S.SENT and delivery.attempts == 1 and delivery.response_status == 200


def test_only_organizations_that_may_know_are_told(demo_group):
    with Receiver() as receiver:
        actions.add_webhook(user("esfahan"), url=receiver.url, events=[WebhookEvent.REQUEST_OPENED])
        _ask_tehran(demo_group)  # asked of Tehran only
        assert receiver.received == []
        actions.add_webhook(user("esfahan"), url=receiver.url + "/2", events=[WebhookEvent.MINUTES_PUBLISHED])
        assert WebhookDelivery.objects.count() == 0


def test_a_failing_receiver_is_tried_again_then_switched_off_with_an_inbox_message(demo_group, settings):
    settings.WEBHOOK_DISABLE_AFTER = 3
    with Receiver(status=503) as receiver:
        hook = actions.add_webhook(user("tehran"), url=receiver.url, events=[WebhookEvent.REQUEST_OPENED])
        _ask_tehran(demo_group)
        delivery = WebhookDelivery.objects.get(webhook=hook)
        assert delivery.status == S.RETRYING and delivery.attempts == 1 and delivery.response_status == 503
        assert "۵۰۳" in delivery.error or "503" in delivery.error
        # Not due yet: the sweep leaves it.
        assert webhooks.due_for_retry() == []
        later = delivery.next_attempt_at + datetime.timedelta(seconds=1)
        assert webhooks.due_for_retry(now=later) == [delivery.pk]  # sent again at once here
        delivery.refresh_from_db()
        assert delivery.attempts == 2 and len(receiver.received) == 2
        webhooks.due_for_retry(now=delivery.next_attempt_at + datetime.timedelta(seconds=1))
        hook.refresh_from_db()
        assert not hook.is_active and hook.failures_in_a_row == 3 and hook.disabled_reason
        delivery.refresh_from_db()
        assert delivery.status == S.FAILED
        tehran_user = user("tehran")
        message = Notification.objects.get(recipient=tehran_user, kind=Notification.Kind.WEBHOOK)
        assert receiver.url in message.title
        # Switched off: nothing more is sent, and replaying is refused until it is on again.
        _ask_tehran(demo_group, title="دومین درخواست")
        assert len(receiver.received) == 3
        with pytest.raises(ValidationError):
            actions.replay_delivery(tehran_user, delivery)
        receiver.status = 200
        actions.set_webhook_active(tehran_user, hook, True)
        again = actions.replay_delivery(tehran_user, delivery)
        again.refresh_from_db()
        assert again.status == S.SENT and again.payload == delivery.payload and len(receiver.received) == 4


def test_an_address_that_does_not_answer_is_a_recorded_failure_not_a_crash(demo_group, settings):
    settings.WEBHOOK_TIMEOUT = 1
    hook = actions.add_webhook(
        user("tehran"), url="http://127.0.0.1:9/nothing", events=[WebhookEvent.REQUEST_OPENED]
    )
    _ask_tehran(demo_group)
    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert delivery.status == S.RETRYING and delivery.error


def test_a_delivery_left_being_sent_by_a_dead_worker_is_taken_up_again(demo_group):
    with Receiver() as receiver:
        hook = actions.add_webhook(user("tehran"), url=receiver.url, events=[WebhookEvent.REQUEST_OPENED])
        delivery = WebhookDelivery.objects.create(
            webhook=hook,
            event=WebhookEvent.REQUEST_OPENED,
            payload={"event": "request.opened"},
            status=S.SENDING,
        )
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            updated_at=timezone.now() - datetime.timedelta(hours=1)
        )
        assert webhooks.due_for_retry() == [delivery.pk]
        delivery.refresh_from_db()
        assert delivery.status == S.SENT and len(receiver.received) == 1


def test_webhooks_are_the_organizations_and_checked(demo_group):
    with pytest.raises(ValidationError) as refused:
        actions.add_webhook(user("tehran"), url="ftp://example.org/x", events=["nonsense"])
    assert set(refused.value.message_dict) == {"url", "events"}
    with pytest.raises(PermissionDenied):
        actions.add_webhook(
            get_user_model().objects.create_user("nobody-hooks"),
            url="https://a.example",
            events=["request.opened"],
        )
    hook = actions.add_webhook(user("tehran"), url="https://tehran.example/hook", events=["request.opened"])
    with pytest.raises(PermissionDenied):
        actions.set_webhook_active(user("esfahan"), hook, False)
    assert Organization.objects.get(pk=hook.organization_id) == user("tehran").person.organization


def test_the_webhooks_page_registers_lists_deliveries_and_replays(client, demo_group):
    client.force_login(user("tehran"))
    refused = client.post("/accounts/webhooks/", {"url": "not an address", "events": ["request.opened"]})
    assert refused.status_code == 422 and "is-invalid" in refused.content.decode()
    assert "not an address" in refused.content.decode()  # what was typed is kept
    with Receiver() as receiver:
        made = client.post("/accounts/webhooks/", {"url": receiver.url, "events": ["request.opened"]})
        assert made.status_code == 302
        _ask_tehran(demo_group)
        page = client.get("/accounts/webhooks/").content.decode()
        hook = Webhook.objects.get(url=receiver.url)
        assert hook.secret in page and "تحویل شد" in page
        delivery = hook.deliveries.get()
        client.post(f"/accounts/webhooks/deliveries/{delivery.pk}/replay/")
        assert len(receiver.received) == 2
    client.force_login(user("esfahan"))
    assert receiver.url not in client.get("/accounts/webhooks/").content.decode()
    assert client.post(f"/accounts/webhooks/deliveries/{delivery.pk}/replay/").status_code == 404
    assert client.post(f"/accounts/webhooks/{hook.pk}/remove/").status_code == 404


def _hook_for(username, *events):
    return Webhook.objects.create(
        organization=user(username).person.organization, url="http://127.0.0.1:9/never", events=list(events)
    )


def test_signed_minutes_are_told_to_attendees_and_each_organization_a_resolution_names(
    session12, monkeypatch
):
    revision = session12.revisions.final().get(number=1)
    tehran = _hook_for("tehran", WebhookEvent.MINUTES_SIGNED, WebhookEvent.RESOLUTION_ASSIGNED)
    webhooks_sent: list[int] = []
    monkeypatch.setattr(webhooks, "queue_delivery", webhooks_sent.append)  # recorded, not sent
    webhooks.minutes_signed(session12, revision)
    events = sorted(delivery.event for delivery in WebhookDelivery.objects.filter(webhook=tehran))
    attended = session12.attendances.attending().filter(organization=tehran.organization).exists()
    assert attended  # Tehran signed the 12th session
    assert events.count("minutes.signed") == 1
    assigned = WebhookDelivery.objects.get(webhook=tehran, event="resolution.assigned")
    named = set(
        Resolution.objects.filter(meeting=session12)
        .for_organization(tehran.organization)
        .values_list("pk", flat=True)
    )
    assert set(assigned.payload["resolutions"]) == named and named
    assert len(webhooks_sent) == WebhookDelivery.objects.count()


def test_the_actions_emit_their_events(demo_group, session13, monkeypatch):
    from meetings.planning import actions as planning

    queued = []
    monkeypatch.setattr(webhooks, "queue_delivery", queued.append)
    hook = _hook_for("esfahan", WebhookEvent.SESSION_PLANNED)
    planning.plan_session(
        access_for(user("dabir"), demo_group),
        session13,
        fields={"venue": "تالار تازه"},
        days=session13.day_dates,
    )
    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert delivery.event == "session.planned" and delivery.payload["session"] == 13
    assert delivery.payload["links"]["session"].endswith("/api/v1/groups/meydan/sessions/13/")
    assert queued == [delivery.pk]


def test_an_address_inside_the_private_network_is_not_sent_to(demo_group, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with Receiver() as receiver:
        hook = actions.add_webhook(user("tehran"), url=receiver.url, events=[WebhookEvent.REQUEST_OPENED])
        _ask_tehran(demo_group)
        assert receiver.received == []
        delivery = WebhookDelivery.objects.get(webhook=hook)
        assert delivery.status == S.RETRYING and "127.0.0.1" in delivery.error
    for inside in (
        "10.1.2.3",
        "[::1]",
        "100.64.0.1",
        "[::ffff:127.0.0.1]",
        "[64:ff9b::7f00:1]",
        "169.254.169.254",
    ):
        assert webhooks.address_refusal(f"http://{inside}/hook"), inside
    assert webhooks.address_refusal("http://93.184.216.34/hook") == ""


def test_a_redirect_is_a_failed_delivery_not_followed(demo_group):
    with Receiver(status=302) as receiver:
        receiver.location = receiver.url + "/elsewhere"  # followed, it would be asked again (by GET: 501)
        hook = actions.add_webhook(user("tehran"), url=receiver.url, events=[WebhookEvent.REQUEST_OPENED])
        _ask_tehran(demo_group)
        delivery = WebhookDelivery.objects.get(webhook=hook)
        assert delivery.status == S.RETRYING and delivery.response_status == 302
        assert len(receiver.received) == 1


class MemberNetwork:
    """This test's internet, for a receiver on a local port: a name is looked up to the addresses
    of ``lookups`` (one list per lookup, the last repeated), an address in ``routes`` leads to the
    receiver, as does the receiver's own 127.0.0.1, any other is unreachable. What was looked up
    and what was connected to is recorded; a connection to a name looks it up, as socket's does."""

    def __init__(
        self, monkeypatch, port: int, lookups: list[list[str]], routes: tuple[str, ...] = ()
    ) -> None:
        import socket

        self.port, self.lookups, self.routes = port, lookups, routes
        self.looked_up: list[str] = []
        self.connected: list[str] = []
        real_lookup, real_connection = socket.getaddrinfo, socket.create_connection

        def lookup(host, *args, **kwargs):
            if host == "127.0.0.1":
                return real_lookup(host, *args, **kwargs)
            self.looked_up.append(host)
            addresses = self.lookups[min(len(self.looked_up), len(self.lookups)) - 1]
            return [
                (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
                if ":" in address
                else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
                for address in addresses
            ]

        def connect(target, *args, **kwargs):
            self.connected.append(target[0])
            address = target[0]
            try:
                ipaddress.ip_address(address)
            except ValueError:  # a name
                address = lookup(address, target[1])[0][4][0]
            if address == "127.0.0.1" or address in self.routes:
                return real_connection(("127.0.0.1", port), *args, **kwargs)
            raise OSError("Network is unreachable")

        monkeypatch.setattr(socket, "getaddrinfo", lookup)
        monkeypatch.setattr(socket, "create_connection", connect)


PUBLIC = "93.184.216.34"


def test_the_connection_goes_to_the_address_checked_not_to_a_second_lookup(demo_group, settings, monkeypatch):
    """A name that answers a public address to the check and then the server's own (DNS
    rebinding) is connected to at the address checked: the receiver inside is never reached."""
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with Receiver() as receiver:
        port = receiver.server.server_address[1]
        network = MemberNetwork(monkeypatch, port, lookups=[[PUBLIC], ["127.0.0.1"]])
        url = f"http://hooks.tehran.example:{port}/hooks/secretariat"
        hook = actions.add_webhook(user("tehran"), url=url, events=[WebhookEvent.REQUEST_OPENED])
        _ask_tehran(demo_group)
        delivery = WebhookDelivery.objects.get(webhook=hook)
        assert network.looked_up == ["hooks.tehran.example"]  # once, by the check
        assert network.connected == [PUBLIC]
        assert receiver.received == [] and delivery.status == S.RETRYING


def test_the_checked_address_is_asked_with_the_name_in_its_host_header(demo_group, settings, monkeypatch):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with Receiver() as receiver:
        port = receiver.server.server_address[1]
        network = MemberNetwork(monkeypatch, port, lookups=[[PUBLIC]], routes=(PUBLIC,))
        url = f"http://Hooks.Tehran.example:{port}/hooks/secretariat"
        hook = actions.add_webhook(user("tehran"), url=url, events=[WebhookEvent.REQUEST_OPENED])
        _ask_tehran(demo_group)
        assert WebhookDelivery.objects.get(webhook=hook).status == S.SENT
        assert network.connected == [PUBLIC]
        assert [received["headers"]["Host"] for received in receiver.received] == [
            f"Hooks.Tehran.example:{port}"
        ]


def test_a_name_that_takes_too_long_to_look_up_is_a_failure_within_the_timeout(
    demo_group, settings, monkeypatch
):
    import socket
    import threading as threads

    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    settings.WEBHOOK_TIMEOUT = 1
    released = threads.Event()

    def hanging_lookup(host, *args, **kwargs):
        released.wait(10)
        raise OSError("released")

    monkeypatch.setattr(socket, "getaddrinfo", hanging_lookup)
    try:
        hook = actions.add_webhook(
            user("tehran"), url="https://slow.tehran.example/hook", events=[WebhookEvent.REQUEST_OPENED]
        )
        _ask_tehran(demo_group)
        delivery = WebhookDelivery.objects.get(webhook=hook)
        assert delivery.status == S.RETRYING and "۱" in delivery.error, delivery.error
    finally:
        released.set()


def test_an_address_with_a_user_name_is_refused_when_registered(demo_group):
    with pytest.raises(ValidationError) as refused:
        actions.add_webhook(
            user("tehran"),
            url="https://system@hooks.tehran.example/hook",
            events=[WebhookEvent.REQUEST_OPENED],
        )
    assert "url" in refused.value.message_dict


def test_each_checked_address_is_tried_in_turn(demo_group, settings, monkeypatch):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    unreachable = "2606:2800:220:1::1"  # no route to the IPv6 address; the IPv4 one is the receiver
    with Receiver() as receiver:
        port = receiver.server.server_address[1]
        network = MemberNetwork(monkeypatch, port, lookups=[[unreachable, PUBLIC]], routes=(PUBLIC,))
        url = f"http://hooks.tehran.example:{port}/hooks/secretariat"
        hook = actions.add_webhook(user("tehran"), url=url, events=[WebhookEvent.REQUEST_OPENED])
        _ask_tehran(demo_group)
        assert network.connected == [unreachable, PUBLIC]
        assert WebhookDelivery.objects.get(webhook=hook).status == S.SENT and len(receiver.received) == 1


def test_an_answer_that_is_not_http_is_a_recorded_failure_not_a_crash(demo_group):
    import socket

    listener = socket.create_server(("127.0.0.1", 0))
    answered = threading.Event()

    def answer_nonsense() -> None:
        connection, _address = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"nonsense, not a status line\r\n\r\n")
        answered.set()

    threading.Thread(target=answer_nonsense, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
        hook = actions.add_webhook(user("tehran"), url=url, events=[WebhookEvent.REQUEST_OPENED])
        _ask_tehran(demo_group)
        assert answered.wait(10)
        delivery = WebhookDelivery.objects.get(webhook=hook)
        assert delivery.status == S.RETRYING and "BadStatusLine" in delivery.error, delivery.error
    finally:
        listener.close()


def test_a_port_past_the_last_is_refused_when_registered(demo_group):
    with pytest.raises(ValidationError) as refused:
        actions.add_webhook(
            user("tehran"),
            url="https://hooks.tehran.example:99999/hook",
            events=[WebhookEvent.REQUEST_OPENED],
        )
    assert refused.value.message_dict["url"] == ["شماره درگاه نشانی درست نیست."]
