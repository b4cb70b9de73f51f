"""Failed logins (django-axes' records): a successful login forgets its own.

django-axes counts failures per account and per address (``AXES_LOCKOUT_PARAMETERS``).
Its own reset on success would forget every failure of the account *and* every failure
from the address: someone with an account of their own could then guess other accounts'
passwords from one address without end, logging into theirs between guesses. This forgets
only the failures of that account from that address.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from axes.utils import reset


def login_failures_forget(*, username: str, address: str) -> int:
    """Forget the failed logins of ``username`` from ``address``; how many were recorded."""
    return reset(ip=address, username=username)


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the account's failures from this address are forgotten."""
    address = get_client_ip_address(request) if request is not None else None
    if address:  # none known (a login made in code): nothing to forget
        login_failures_forget(username=user.get_username(), address=address)
