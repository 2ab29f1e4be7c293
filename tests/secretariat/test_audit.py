"""The audit trail's events are named once (``AuditEvent``); a name typed by hand is refused."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from secretariat.audit import AuditEvent, log_action
from secretariat.models import AuditRecord

ROOT = Path(__file__).resolve().parents[2]
APPS = ["secretariat", "meetings", "committees", "resolutions"]


def test_an_unknown_event_is_refused_and_nothing_is_recorded(db):
    with pytest.raises(ValueError):
        log_action(None, "minutes.signd")
    assert not AuditRecord.objects.filter(action="minutes.signd").exists()


def test_a_known_event_is_recorded_with_its_label(db):
    record = log_action(None, AuditEvent.MINUTES_SIGNED)
    assert record.action == "minutes.signed"
    assert record.get_action_display() == str(AuditEvent.MINUTES_SIGNED.label)


def test_the_apps_pass_events_not_strings():
    """Every call of an audit helper names its event from the enum, never as a literal string."""
    literal_calls = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or len(node.args) < 2:
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                event = node.args[1]
                if name in {"log_action", "log", "_log"} and any(
                    isinstance(part, (ast.Constant, ast.JoinedStr))
                    and isinstance(getattr(part, "value", ""), str)
                    for part in ast.walk(event)
                ):
                    literal_calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert literal_calls == []
