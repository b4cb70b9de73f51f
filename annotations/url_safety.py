"""The SSRF guard: may the server connect to this URL? (used by webhook endpoints).

Pure: no Django import. The caller says whether private addresses are allowed
(``settings.WEBHOOKS_ALLOW_PRIVATE``, for development).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class UnsafeURL(ValueError):
    """The URL is not http(s), does not resolve, or resolves to an address that must not
    be reached from the server."""


def is_refused_address(address: str) -> bool:
    """Private, loopback, link-local, multicast, reserved or otherwise not global."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def split_url(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of an http(s) URL, the port defaulted by the scheme."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL("Only http and https URLs can receive webhooks.")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise UnsafeURL("The URL's port is not valid.") from None
    if not host:
        raise UnsafeURL("The URL has no host.")
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80)


def check_url(url: str, *, allow_private: bool = False) -> list[str]:
    """The addresses ``url``'s host resolves to, all of them safe to connect to.

    Raises ``UnsafeURL`` if it does not resolve or if any address is not public (unless
    ``allow_private``). Called when an endpoint is saved and before every attempt; the
    connection then goes to one of these addresses, never resolved again.
    """
    _scheme, host, port = split_url(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(f"The host {host!r} does not resolve ({exc}).") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise UnsafeURL(f"The host {host!r} does not resolve.")
    if not allow_private:
        refused = [a for a in addresses if is_refused_address(a)]
        if refused:
            raise UnsafeURL(
                f"The host {host!r} resolves to a private, loopback, link-local or reserved "
                f"address ({', '.join(refused)}); webhooks are only sent to public addresses."
            )
    return addresses
