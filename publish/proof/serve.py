"""`publish watch DIR --serve [PORT]`: the output folder and the proof report over HTTP, on
127.0.0.1 only, reloaded in the browser when a rebuild finishes.

The standard library's ThreadingHTTPServer runs on a daemon thread. ``/`` is the proof
report; any other path is a file inside the output folder, or 404: a path with a ``..`` or
``.`` segment before or after percent-decoding, a backslash or NUL, or one that resolves
(through a symbolic link too) outside the folder is refused. ``/__version`` answers the
build count and the last build's error line; the page (served with a few lines of script
added — the report file itself has none) polls it twice a second, reloads when the count
changes and shows the error line of a bad save at its top.
"""
from __future__ import annotations

import html
import json
import mimetypes
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from ..errors import UserError

HOST = "127.0.0.1"
VERSION_PATH = "/__version"
POLL_MS = 500

_LIVE = """
<div id="publish-live" role="alert" style="position:fixed;top:0;left:0;right:0;z-index:9;\
padding:.5rem 1rem;background:#b3261e;color:#fff;font:14px/1.4 monospace;\
white-space:pre-wrap"{hidden}>{error}</div>
<script>
(function () {{
  var version = {version};
  var banner = document.getElementById("publish-live");
  function poll() {{
    fetch("{path}", {{cache: "no-store"}}).then(function (r) {{ return r.json(); }})
      .then(function (state) {{
        if (state.version !== version) {{ location.reload(); return; }}
        banner.textContent = state.error || "";
        banner.hidden = !state.error;
      }}).catch(function () {{}})
      .then(function () {{ setTimeout(poll, {poll}); }});
  }}
  setTimeout(poll, {poll});
}})();
</script>
"""

_WAITING = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>publish: building…</title></head>
<body><p>No proof report yet: the first build is running (or it failed).</p></body></html>
"""


def safe_target(root: Path, raw_path: str) -> Path | None:
    """The file ``raw_path`` (a request path, percent-encoded) names inside ``root``, or
    None when it names anything else."""
    path = urlsplit(raw_path).path
    decoded = unquote(path)
    for form in (path, decoded):
        if "\\" in form or "\0" in form:
            return None
        if any(seg in (".", "..") for seg in form.split("/")):
            return None
    if "%" in decoded and any(seg in (".", "..") for seg in unquote(decoded).split("/")):
        return None                                     # encoded twice: refused as well
    base = root.resolve()
    try:
        target = (base / decoded.lstrip("/")).resolve()
    except (OSError, RuntimeError):
        return None
    if not target.is_relative_to(base) or not target.is_file():
        return None
    return target


class Preview:
    """The server; ``report()`` gives the proof report's path (it may not exist yet)."""

    def __init__(self, root: Path, report: Callable[[], Path | None], port: int = 0):
        self.root = Path(root)
        self.report = report
        self.version = 0
        self.error: str | None = None
        self._lock = threading.Lock()
        try:
            self.server = ThreadingHTTPServer((HOST, port), self._handler())
        except OSError as exc:
            raise UserError(f"cannot serve on {HOST}:{port}: {exc.strerror}") from None
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> "Preview":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def published(self, error: str | None = None) -> None:
        """A build finished (``error``: its one error line when it failed): pages reload."""
        with self._lock:
            self.version += 1
            self.error = error

    def state(self) -> dict:
        with self._lock:
            return {"version": self.version, "error": self.error}

    def page(self, path: Path | None) -> bytes:
        """The report (or a waiting page) with the live-reload lines added."""
        state = self.state()
        try:
            text = path.read_text(encoding="utf-8") if path is not None else _WAITING
        except OSError:
            text = _WAITING
        live = _LIVE.format(version=state["version"], path=VERSION_PATH, poll=POLL_MS,
                            error=html.escape(state["error"] or ""),
                            hidden="" if state["error"] else " hidden")
        at = text.rfind("</body>")
        text = text[:at] + live + text[at:] if at >= 0 else text + live
        return text.encode("utf-8")

    def _handler(self):
        preview = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "publish-watch"
            sys_version = ""

            def log_message(self, *args) -> None:         # the terminal is the watcher's
                pass

            def _send(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.send_header("X-Content-Type-Options", "nosniff")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                if path == VERSION_PATH:
                    body = json.dumps(preview.state()).encode()
                    return self._send(HTTPStatus.OK, body, "application/json")
                if path == "/favicon.ico":                # browsers ask; nothing to show
                    return self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
                report = preview.report()
                if path in ("/", "/index.html"):
                    shown = report if report is not None and report.is_file() else None
                    return self._send(HTTPStatus.OK, preview.page(shown),
                                      "text/html; charset=utf-8")
                target = safe_target(preview.root, self.path)
                if target is None:
                    return self._send(HTTPStatus.NOT_FOUND, b"not found\n",
                                      "text/plain; charset=utf-8")
                if report is not None and target == report.resolve():
                    return self._send(HTTPStatus.OK, preview.page(target),
                                      "text/html; charset=utf-8")
                kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                if kind.startswith("text/") or kind in ("application/javascript",):
                    kind += "; charset=utf-8"
                try:
                    body = target.read_bytes()
                except OSError:
                    return self._send(HTTPStatus.NOT_FOUND, b"not found\n",
                                      "text/plain; charset=utf-8")
                self._send(HTTPStatus.OK, body, kind)

            do_HEAD = do_GET

        return Handler
