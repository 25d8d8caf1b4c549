"""A fake ClamAV daemon for the tests: it speaks the INSTREAM protocol on a unix socket or a TCP port and
answers "stream: OK", or "stream: Test.Virus FOUND" when the stream holds ``VIRUS_MARKER``."""

from __future__ import annotations

import os
import socket
import struct
import threading

from .document_files import VIRUS_MARKER


class FakeClamd:
    def __init__(self, path: str | None = None) -> None:
        if path:
            self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.server.bind(path)
            self.address = path
        else:
            self.server = socket.create_server(("127.0.0.1", 0))
            self.address = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self.server.listen(4)
        self.streams: list[bytes] = []  # what each scan received
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self.server.accept()
            except OSError:
                return
            with conn:
                self._one(conn)

    def _one(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        command = b""
        while not command.endswith(b"\0"):
            command += reader.read(1)
        assert command == b"zINSTREAM\0", command
        data = b""
        while size := struct.unpack("!L", reader.read(4))[0]:
            data += reader.read(size)
        self.streams.append(data)
        found = VIRUS_MARKER.encode() in data
        conn.sendall(b"stream: Test.Virus FOUND\0" if found else b"stream: OK\0")

    def close(self) -> None:
        try:
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the accept() of the thread
        except OSError:
            pass
        self.server.close()
        if not self.address.startswith("tcp://"):
            os.unlink(self.address)
