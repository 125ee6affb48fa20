"""A network camera on loopback that can really be unplugged: a video file served as an
MJPEG stream over HTTP (``multipart/x-mixed-replace``, what IP cameras and phone camera
apps serve), which the kiosk opens like any stream (``http://127.0.0.1:PORT/video.mjpg``).

:meth:`MjpegCamera.unplug` closes every open connection and stops listening, so the
kiosk's camera worker sees its source disappear mid-read (not a file renamed under an open
handle); :meth:`MjpegCamera.plug_in` listens again on the same port. For the soak run
(``bench/soak.py``) and the GUI tests; not part of a deployed kiosk.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import cv2

from kiosk.errors import ScannerError

_BOUNDARY = b"kioskframe"


def _jpeg_frames(video: Path, *, quality: int = 80) -> list[bytes]:
    cap = cv2.VideoCapture(str(video))
    frames: list[bytes] = []
    try:
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
            if ok:
                frames.append(data.tobytes())
    finally:
        cap.release()
    if not frames:
        raise ScannerError(f"{video} holds no frame to serve.")
    return frames


class MjpegCamera:
    """Serves ``video`` in a loop at ``fps`` to every client, until unplugged."""

    def __init__(self, video: Path, *, fps: float = 15.0, port: int = 0) -> None:
        self.frames = _jpeg_frames(video)
        self.fps = fps
        self.port = port
        self._listener: socket.socket | None = None
        self._clients: list[socket.socket] = []
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        #: How many times a client connected (the worker reopening the stream counts).
        self.connections = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/video.mjpg"

    def plug_in(self) -> None:
        """Listen (again) on the same port; clients are served from their first frame."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(4)
        self.port = listener.getsockname()[1]
        self._listener = listener
        thread = threading.Thread(target=self._accept, args=(listener,), daemon=True,
                                  name="mjpeg-accept")
        thread.start()
        self._threads.append(thread)

    def unplug(self) -> None:
        """Stop listening and cut every client off, as a pulled cable would."""
        listener, self._listener = self._listener, None
        if listener is not None:
            # shutdown() wakes the accept() blocked in the other thread; close() alone
            # would not on Linux.
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()
        with self._lock:
            clients, self._clients = self._clients, []
        for client in clients:
            try:
                client.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            client.close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = [t for t in self._threads if t.is_alive()]

    def __enter__(self) -> MjpegCamera:
        self.plug_in()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.unplug()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _addr = listener.accept()
            except OSError:
                return
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    return
                self._clients.append(client)
                self.connections += 1
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True,
                                      name="mjpeg-client")
            thread.start()
            self._threads.append(thread)

    def _serve(self, client: socket.socket) -> None:
        try:
            client.settimeout(5)
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 8192:
                chunk = client.recv(1024)
                if not chunk:
                    return
                request += chunk
            client.sendall(b"HTTP/1.0 200 OK\r\nCache-Control: no-cache\r\n"
                           b"Content-Type: multipart/x-mixed-replace; boundary="
                           + _BOUNDARY + b"\r\n\r\n")
            period = 1.0 / self.fps
            due = time.monotonic()
            index = 0
            while True:
                frame = self.frames[index % len(self.frames)]
                index += 1
                client.sendall(b"--" + _BOUNDARY + b"\r\nContent-Type: image/jpeg\r\n"
                               b"Content-Length: " + str(len(frame)).encode() + b"\r\n\r\n"
                               + frame + b"\r\n")
                due += period
                time.sleep(max(0.0, due - time.monotonic()))
        except OSError:
            return  # unplugged, or the client went away
        finally:
            with self._lock:
                if client in self._clients:
                    self._clients.remove(client)
            client.close()
