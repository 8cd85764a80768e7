"""Run a Python script and write down every network destination it reaches beyond loopback.

    python tests/browser/no_network.py LOG script.py [args...]

A Python audit hook sees each socket the process connects, sends a datagram from, binds, and
each name it resolves, before the operating system does anything: whatever library makes the
request (requests, httpx, asyncio, a bare socket), it shows here. Only what a C extension does
on its own sockets would not; nothing the server runs opens sockets that way. Each
destination other than 127.0.0.1, ::1 or localhost is appended to LOG as one line.
"""

from __future__ import annotations

import runpy
import sys

LOOPBACK = {"127.0.0.1", "::1", "localhost", "", "0"}
EVENTS = {"socket.connect", "socket.sendto", "socket.bind", "socket.getaddrinfo"}


def _host(event: str, args: tuple) -> str | None:
    if event == "socket.getaddrinfo":
        host = args[0]
    else:
        address = args[1]
        if not isinstance(address, tuple):  # a Unix socket path
            return None
        host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    return None if host is None else str(host)


def main() -> None:
    log = open(sys.argv[1], "a", buffering=1)  # noqa: SIM115 (open for the process's life)

    def hook(event: str, args: tuple) -> None:
        if event in EVENTS:
            host = _host(event, args)
            if host is not None and host not in LOOPBACK:
                log.write(f"{event} {host}\n")

    sys.addaudithook(hook)
    sys.argv = sys.argv[2:]
    runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
