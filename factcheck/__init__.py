"""The project's configuration: settings, URLs, WSGI and ASGI entry points."""
