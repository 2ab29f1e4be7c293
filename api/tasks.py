"""Background tasks of the API: webhook deliveries (``api.webhooks``)."""

from __future__ import annotations

from django_tasks import task

from api import webhooks


@task()
def deliver_webhook(delivery_id: int) -> None:
    """Send one webhook delivery and record what became of it."""
    webhooks.deliver(delivery_id)
