"""A real server for the tests that need one: uvicorn on a free loopback port, in a thread of this
process or as ``skyledger serve`` in a process of its own, and raw HTTP for requests that an HTTP
client would tidy up first ('..' segments, backslashes)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

SKYLEDGER = Path(sys.executable).with_name("skyledger")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def in_thread(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread of this process; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def in_process(db: str, token: str | None = None, workers: int = 1) -> Iterator[str]:
    """``skyledger serve --db DB`` in a process of its own (with ``SKYLEDGER_TOKEN`` if given);
    yields its base URL, and stops that process (and only it) afterwards."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "SKYLEDGER_TOKEN"}
    if token is not None:
        env["SKYLEDGER_TOKEN"] = token
    command = [str(SKYLEDGER), "serve", "--db", db, "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/api/claims", params={"size": 1}, timeout=5)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"skyledger serve did not start: {server.stderr.read().decode()}") from None
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        server.stderr.close()


def raw_get(base: str, target: bytes) -> tuple[int, bytes, bytes]:
    """Send ``GET target`` exactly as given (no normalisation); the status, headers and body."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: " + host.encode() + b"\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65_536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head, body
