"""Django's ``migrate``, run as the schema's owner when ``DATABASE_OWNER_URL`` is set.

It also creates the cache table when the cache is the database's (``CACHE_URL`` unset):
the rate limits count there, and a table is the owner's to create.

The default connection keeps its database but takes the owner's user and password for
the length of the command, so that everything a migration does (data migrations too,
which use the default connection) runs as the owner. Then the app role (the user of
DATABASE_URL) gets its privileges again on every table, the new ones included
(``annotations.management.database_roles.grant_app_role``).
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

from annotations.management.database_roles import Roles, grant_app_role


class Command(DjangoMigrate):
    help = (
        f"{DjangoMigrate.help} Runs as the owner role when DATABASE_OWNER_URL is set, then "
        "grants the app role (DATABASE_URL's user) its privileges again."
    )

    def execute(self, *args, **options):
        owner = settings.DATABASE_OWNER
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        # Only on the database the owner's URL names (not, say, a test run's own database).
        if owner is None or connection.settings_dict["NAME"] != owner["NAME"]:
            result = super().execute(*args, **options)
            self.create_cache_table(options)
            return result
        app_credentials = {key: connection.settings_dict[key] for key in ("USER", "PASSWORD")}
        connection.close()
        connection.settings_dict.update(USER=owner["USER"], PASSWORD=owner["PASSWORD"])
        try:
            result = super().execute(*args, **options)
            self.create_cache_table(options)
            if not (options.get("plan") or options.get("check_unapplied")):
                self.grant_app_role(connection, app_credentials["USER"], options["verbosity"])
        finally:
            connection.close()
            connection.settings_dict.update(app_credentials)
        return result

    def grant_app_role(self, connection, app_user: str, verbosity: int) -> None:
        owner_user = connection.settings_dict["USER"]
        if connection.vendor != "postgresql" or not app_user or app_user == owner_user:
            return
        done = grant_app_role(connection, Roles(app=app_user, owner=owner_user))
        if verbosity >= 2:
            for statement in done:
                self.stdout.write(f"  {statement};")
        if verbosity >= 1:
            self.stdout.write(f"Granted the app role {app_user} its privileges again.")

    def create_cache_table(self, options) -> None:
        """The database cache's table, if the cache is the database's (idempotent)."""
        if options.get("plan") or options.get("check_unapplied"):
            return
        call_command(
            "createcachetable",
            database=options.get("database") or DEFAULT_DB_ALIAS,
            verbosity=options["verbosity"],
        )
