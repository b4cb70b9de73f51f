"""Send the webhook deliveries that are due: first attempts and retries (run from cron)."""

from django.core.management.base import BaseCommand

from annotations import webhooks
from annotations.models import WebhookDelivery


class Command(BaseCommand):
    help = (
        "Send due webhook deliveries (first attempts and retries with backoff). Safe to run "
        "every minute from cron, even twice at once: each delivery is claimed by one runner."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=100, help="Deliveries claimed at a time (100)."
        )

    def handle(self, *args, batch: int, **options):
        tried = webhooks.deliver_due(batch=max(1, batch))
        counts = {status: 0 for status in WebhookDelivery.Status.values}
        for delivery in tried:
            counts[delivery.status] += 1
        self.stdout.write(
            f"{len(tried)} attempted: {counts['delivered']} delivered, "
            f"{counts['pending']} to retry, {counts['failed']} given up."
        )
