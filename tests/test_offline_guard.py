import socket

import pytest


def test_a_test_cannot_reach_the_internet() -> None:
    with socket.socket() as sock, pytest.raises(RuntimeError, match="network"):
        sock.connect(("93.184.216.34", 80))


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.socket() as client:
            client.connect(server.getsockname())
