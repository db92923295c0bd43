"""Serving the built book on localhost and driving Debian's Chromium with Playwright."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import tempfile
import threading
from pathlib import Path

from shangluo.print_edition import CHROMIUM, FLAGS  # the one browser and its flags, as `make pdf` prints


# What GitHub Pages compresses: text, not fonts or PNGs that are compressed already.
GZIPPED = (".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".csv")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as GitHub Pages does: text gzipped when the browser accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (not path.is_file() or path.suffix not in GZIPPED
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 at a free port, gzipped as GitHub Pages serves it;
    yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser_context(viewport=(1280, 900)):
    """A fresh Chromium profile: Debian's binary, never one Playwright downloads."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": viewport[0], "height": viewport[1]})
        try:
            yield context
        finally:
            context.close()
