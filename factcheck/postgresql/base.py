"""Django's PostgreSQL backend, with a health check that asks the socket first.

With ``CONN_HEALTH_CHECKS`` (on: a connection kept across requests must survive a
restart of PostgreSQL), Django checks a kept connection before the first query of every
request by running ``SELECT 1``: a round trip to the server on every request, 304s and
cache hits included, as long as the request's own query. Profiled on the API's claims
list (PostgreSQL, the response cache off), it was a tenth of a request's time.

Between requests a kept connection is idle: the server has nothing to say to it. When the
server closes it (a restart, ``pg_terminate_backend``, a timeout), it first sends the
reason (an error message) and then closes the socket, and either makes the socket
readable. So an idle connection whose socket has nothing to read is usable, and that is
answered by a ``select`` with no wait, without the server. When there is something to
read (that, or a notification), or the connection is inside a transaction, Django's own
check runs, which reads it: a closed connection then fails the check and is replaced, as
before. A socket that dies without a word (a cable cut) is not seen by either check until
the request's query fails, and Django then drops the connection at the end of the request.

Hand-written: Django's check and psycopg's pool both ask the server; no package asks the
socket.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status == pq.TransactionStatus.IDLE:
            try:
                readable, _, _ = select.select([connection.fileno()], [], [], 0)
            except (OSError, ValueError):
                return False
            if not readable:
                return True
        return super().is_usable()
