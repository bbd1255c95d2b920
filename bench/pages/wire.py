"""A loopback TCP proxy in front of PostgreSQL that counts the statements its clients send.

pg_stat_statements needs a restart to load, so bench/pages.py counts on the wire instead: every
`Query` ('Q', the simple protocol) and every `Execute` ('E', the extended protocol) message a client
sends is one statement run. The proxy only reads the client's side of the conversation (its
connections use sslmode=disable, so the messages are plain) and forwards every byte unchanged both
ways. It is used only in the short counting phase, never while throughput is measured.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections import Counter

SSL_REQUEST = 80877103
GSS_REQUEST = 80877104


class CountingProxy:
    """Listens on 127.0.0.1:<port> and forwards to `upstream` (host, port)."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.counts: Counter = Counter()
        self.texts: list[str] = []  # the SQL of every Parse and Query message, in order (at most 200)
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def statements(self) -> int:
        with self.lock:
            return self.counts["Q"] + self.counts["E"]

    def reset(self) -> None:
        with self.lock:
            self.counts.clear()
            self.texts.clear()

    def close(self) -> None:
        self.closed = True
        try:
            self.listener.close()
        except OSError:
            pass

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            for s in (client, server):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pipe, args=(server, client), daemon=True).start()
            threading.Thread(target=self._client_side, args=(client, server), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def _client_side(self, client: socket.socket, server: socket.socket) -> None:
        buf = b""
        started = False  # the startup message (no type byte) has gone by
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                server.sendall(data)
                buf += data
                while True:
                    if not started:
                        if len(buf) < 8:
                            break
                        length, code = struct.unpack("!II", buf[:8])
                        if len(buf) < length:
                            break
                        buf = buf[length:]
                        # An SSL or GSS request is answered 'N' and followed by the real startup.
                        if code not in (SSL_REQUEST, GSS_REQUEST):
                            started = True
                        continue
                    if len(buf) < 5:
                        break
                    kind = chr(buf[0])
                    length = struct.unpack("!I", buf[1:5])[0]
                    if len(buf) < 1 + length:
                        break
                    body, buf = buf[5:1 + length], buf[1 + length:]
                    with self.lock:
                        self.counts[kind] += 1
                        if kind in "PQ" and len(self.texts) < 200:
                            # Parse: name NUL query NUL …; Query: query NUL.
                            parts = body.split(b"\0")
                            sql = parts[1] if kind == "P" and len(parts) > 1 else parts[0]
                            self.texts.append(sql.decode(errors="replace"))
        except OSError:
            pass
        finally:
            for s in (client, server):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
