"""Where a webhook may go: http(s) only, and in production nowhere inside our own network.

An endpoint's URL is checked when it is registered (what can be told without the network: the
scheme, and a host that is an address or `localhost`) and again at every send, after its name is
resolved: the request then goes to the very address that was checked (the name stays in `Host`
and in TLS's SNI and certificate check), so a name that later resolves elsewhere cannot reach
the database or a cloud's metadata service.
"""

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
URL_MAX = 2000


class Refused(ValueError):
    """The URL may not be a webhook's destination; the message says why."""


@dataclass(frozen=True)
class Target:
    """Where to connect (a checked address) and what to call the host (Host, SNI, certificate)."""

    url: httpx.URL
    host_header: str
    server_name: str


def check_url(url: str, *, allow_private: bool) -> httpx.URL:
    """The URL parsed, or Refused: used at registration, before anything is stored."""
    if len(url) > URL_MAX:
        raise Refused(f"Longer than {URL_MAX} characters.")
    if any(c.isspace() for c in url):
        raise Refused("A URL has no spaces.")
    try:
        parsed = httpx.URL(url)
        host = parsed.host.rstrip(".")  # decodes the IDNA name: a malformed one is refused here
    except (httpx.InvalidURL, TypeError, ValueError) as error:  # ValueError: IDNA's refusals too
        raise Refused(f"Not a URL: {error}") from None
    if parsed.scheme not in ("http", "https") or not host:
        raise Refused("Give an http:// or https:// URL with a host.")
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise Refused("The port must be between 1 and 65535.")
    if not allow_private:
        literal = _address(host)
        if host == "localhost" or host.endswith(".localhost") or (literal and not _public(literal)):
            raise Refused("This address is inside the municipality's network; webhooks go to public hosts only.")
    return parsed


async def resolve(url: str, *, allow_private: bool) -> Target:
    """The address to send to, checked: at every send, since DNS answers change."""
    parsed = check_url(url, allow_private=allow_private)
    host = parsed.raw_host.decode("ascii")  # IDNA-encoded, as DNS and TLS want it
    literal = _address(host)
    addresses = [literal] if literal else await _lookup(host, parsed.port)
    if not allow_private:
        refused = [str(a) for a in addresses if not _public(a)]
        if refused:
            raise Refused(f"{host} resolves to {', '.join(refused)}, inside the network; not sent.")
    return Target(parsed.copy_with(host=str(addresses[0])), parsed.netloc.decode("ascii"), host)


async def _lookup(host: str, port: int | None) -> list[IPAddress]:
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(f"Cannot resolve {host}: {error}") from None
    addresses = [a for a in dict.fromkeys(_address(str(info[4][0])) for info in found) if a is not None]
    if not addresses:
        raise Refused(f"Cannot resolve {host}.")
    return addresses


def _address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        pass
    # The C library also reads 2130706433, 0x7f.1 and 127.1 as 127.0.0.1; a name never looks so.
    if host and all(c in "0123456789abcdefxABCDEFX." for c in host) and host[0].isdigit():
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


# IPv6 addresses that stand for an IPv4 one (mapped, translated, compatible, NAT64's well-known
# prefix): the IPv4 address decides, since that is where a gateway or the kernel sends them.
_CARRY_IPV4 = [ipaddress.ip_network(n) for n in ("::ffff:0:0/96", "::ffff:0:0:0/96", "::/96", "64:ff9b::/96")]
_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")


def _public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        if address.sixtofour is not None:
            return _public(address.sixtofour)
        if any(address in network for network in _CARRY_IPV4):
            return _public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address not in _GLOBAL_UNICAST:  # site-local fec0::/10, local NAT64 64:ff9b:1::/48...
            return False
    return address.is_global and not address.is_multicast
