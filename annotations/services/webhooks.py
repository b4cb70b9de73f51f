"""Webhook endpoints' secrets (registering endpoints is the admin's; sending, ``webhooks``)."""

from __future__ import annotations

from django.db import transaction

from annotations.models import WebhookEndpoint, new_webhook_secret


def webhook_secrets_rotate(*, endpoints) -> int:
    """A new signing secret for each endpoint (receivers must be given it); how many."""
    count = 0
    with transaction.atomic():
        for endpoint in WebhookEndpoint.objects.select_for_update().filter(
            pk__in=[e.pk for e in endpoints]
        ):
            endpoint.secret = new_webhook_secret()
            endpoint.save(update_fields=["secret"])
            count += 1
    return count
