"""The app's configuration: the converter, the signal receivers, SQLite's functions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = _("Annotations")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created
        from django.urls import register_converter

        from annotations import fulltext, services, timestamps, webhooks
        from annotations.converters import IdConverter
        from annotations.signals import claim_published, passage_changed

        register_converter(IdConverter, "id")
        # SQLite's full-text triggers call a Python function (annotations.fulltext).
        connection_created.connect(
            fulltext.register_functions, dispatch_uid="annotations.fulltext.register_functions"
        )
        # PostgreSQL's timestamps read by Python's C ISO reader (annotations.timestamps).
        connection_created.connect(
            timestamps.register, dispatch_uid="annotations.timestamps.register"
        )

        claim_published.connect(
            webhooks.on_claim_published, dispatch_uid="annotations.webhooks.on_claim_published"
        )
        claim_published.connect(
            services.matching.on_claim_published,
            dispatch_uid="annotations.services.matching.on_claim_published",
        )
        user_logged_in.connect(
            services.on_user_logged_in, dispatch_uid="annotations.services.on_user_logged_in"
        )
        passage_changed.connect(
            webhooks.on_passage_changed, dispatch_uid="annotations.webhooks.on_passage_changed"
        )
