"""URL converters: ``<id:pk>``, an id that a 64-bit integer column can hold.

``<id:pk>`` is ``<int:pk>`` bounded below ``MAX_ID``'s number of digits: a longer number
is a 404 at routing, never an overflow in the database (SQLite raises OverflowError past
``MAX_ID``).
"""

from annotations.models import MAX_ID


class IdConverter:
    regex = f"[0-9]{{1,{len(str(MAX_ID)) - 1}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
