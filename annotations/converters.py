"""URL converters. ``<id:pk>`` is ``<int:pk>`` bounded to what a 64-bit integer column
holds: a longer number is a 404 at routing, never an overflow in the database (SQLite
raises OverflowError past 2**63 - 1)."""


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
