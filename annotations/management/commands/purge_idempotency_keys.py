"""Delete the write API's stored answers whose Idempotency-Key has expired (run from cron)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from annotations import services


class Command(BaseCommand):
    help = (
        "Delete the answers stored for Idempotency-Key that are older than "
        "IDEMPOTENCY_KEY_HOURS (24 by default). Safe to run at any time, e.g. hourly."
    )

    def handle(self, *args, **options):
        expired_before = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
        deleted = services.idempotency_keys_purge(expired_before=expired_before)
        if options["verbosity"]:
            self.stdout.write(f"{deleted} expired idempotency keys deleted.")
