"""Create or refresh the PostgreSQL roles of a production database: an owner and an app."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from annotations.management.database_roles import (
    APPEND_ONLY_TABLES,
    READ_ONLY_TABLES,
    ROW_PRIVILEGES,
    Roles,
    setup_roles,
)


class Command(BaseCommand):
    help = (
        "Create (or bring back in line) two PostgreSQL roles: an owner, which owns the "
        "schema and runs migrations (DATABASE_OWNER_URL), and an app role (DATABASE_URL), "
        "which owns nothing and may only read and append to the audit trail. Run it as a "
        "superuser, once before the first migrate and again whenever in doubt; it prints "
        "what it did. Passwords, if any, come from DATABASE_OWNER_PASSWORD and "
        "DATABASE_APP_PASSWORD (never from the command line)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--app-role", default="factcheck_app", help="factcheck_app")
        parser.add_argument("--owner-role", default="factcheck_owner", help="factcheck_owner")
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The connection to run as (a superuser's); default: DATABASE_URL.",
        )

    def handle(self, *args, app_role, owner_role, database, **options):
        connection = connections[database]
        try:
            roles = Roles(app=app_role, owner=owner_role)
            done = setup_roles(
                connection,
                roles,
                app_password=os.environ.get("DATABASE_APP_PASSWORD") or None,
                owner_password=os.environ.get("DATABASE_OWNER_PASSWORD") or None,
            )
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        for statement in done:
            self.stdout.write(f"{statement};")
        self.stdout.write(
            self.style.SUCCESS(
                f"{owner_role} owns {connection.settings_dict['NAME']} and its objects. "
                f"{app_role} may {ROW_PRIVILEGES} rows, only SELECT and INSERT on "
                f"{', '.join(APPEND_ONLY_TABLES)}, only SELECT on {', '.join(READ_ONLY_TABLES)}; "
                "it owns nothing. Next: migrate with DATABASE_OWNER_URL set to the owner."
            )
        )
