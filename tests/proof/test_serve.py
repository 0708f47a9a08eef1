"""`publish watch DIR --serve`: loopback only, nothing outside the output folder, and a
rebuild (or a bad save) reaches the open page within 2 s — in a real browser."""
from __future__ import annotations

import http.client
import json
import re
import shutil
import socket
import time

from pathlib import Path

import pytest

from publish.errors import UserError
from publish.proof.serve import HOST, Preview, safe_target
from tests.clirun import Watch
from tests.paths import BUNDLED

from .browser import Browser

SECRET = "top secret: outside the output folder"
TRAVERSALS = ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt",
              "/..%2Fsecret.txt", "/%2e%2e%2fsecret.txt", "/out/../../secret.txt",
              "/out/%2e%2e/%2e%2e/secret.txt", "/%252e%252e/secret.txt", "/..\\secret.txt",
              "/out/..%5c..%5csecret.txt", "/link/secret.txt", "/.%2e/secret.txt"]


@pytest.fixture
def served(tmp_path):
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    root = tmp_path / "out"
    (root / "x").mkdir(parents=True)
    (root / "x" / "x-proof.html").write_text(
        "<!DOCTYPE html><html><head><title>proof</title></head><body><p>report</p></body>"
        "</html>", encoding="utf-8")
    (root / "x" / "x.css").write_text("p {}", encoding="utf-8")
    (root / "link").symlink_to(tmp_path)                  # a link out of the folder
    preview = Preview(root, lambda: root / "x" / "x-proof.html").start()
    yield preview
    preview.stop()


def get(preview: Preview, path: str, host: str = HOST) -> tuple[int, bytes]:
    port = preview.server.server_address[1]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)    # sent as written
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body


def test_listens_on_loopback_only(served):
    assert served.server.server_address[0] == "127.0.0.1"
    port = served.server.server_address[1]
    # the machine's own IPv4 addresses, from the kernel (a fresh machine's host name may
    # not resolve), and another loopback address: none of them answers
    trie = Path("/proc/net/fib_trie").read_text(encoding="ascii")
    others = set(re.findall(r"\|-- (\d+\.\d+\.\d+\.\d+)\n\s+/32 host LOCAL", trie))
    assert "127.0.0.1" in others                    # the reading works
    others |= {"127.0.0.2"}
    for address in sorted(others - {"127.0.0.1"}):
        with socket.socket() as s:
            s.settimeout(2)
            assert s.connect_ex((address, port)) != 0, f"answered on {address}"
    with socket.socket() as s:
        s.settimeout(2)
        assert s.connect_ex(("127.0.0.1", port)) == 0


def test_root_is_the_report_and_files_inside_are_served(served):
    status, body = get(served, "/")
    assert status == 200 and b"<p>report</p>" in body and b"/__version" in body
    assert get(served, "/x/x.css") == (200, b"p {}")
    assert get(served, "/x/x-proof.html")[1] == body


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_outside_the_folder_are_refused(served, path):
    status, body = get(served, path)
    assert status == 404 and SECRET.encode() not in body


def test_safe_target_is_no_stub(tmp_path):
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    assert safe_target(tmp_path, "/a.txt") == (tmp_path / "a.txt").resolve()
    assert safe_target(tmp_path, "/b.txt") is None
    assert safe_target(tmp_path, "/%2e%2e/a.txt") is None


def test_a_build_bumps_the_version_and_an_error_shows_on_the_page(served):
    state = json.loads(get(served, "/__version")[1])
    assert state == {"version": 0, "error": None}
    served.published("publish: error: a.md:3: <bad> & worse")
    state = json.loads(get(served, "/__version")[1])
    assert state == {"version": 1, "error": "publish: error: a.md:3: <bad> & worse"}
    page = get(served, "/")[1].decode()
    assert "publish: error: a.md:3: &lt;bad&gt; &amp; worse" in page and "<bad>" not in page
    served.published(None)
    assert json.loads(get(served, "/__version")[1]) == {"version": 2, "error": None}


def test_a_port_in_use_is_one_error_line(served):
    with pytest.raises(UserError, match="cannot serve on 127.0.0.1"):
        Preview(served.root, lambda: None, served.server.server_address[1])


def _reloaded_within(browser: Browser, seconds: float) -> None:
    """The open page navigates to its new version within ``seconds`` (then loads)."""
    start = time.monotonic()
    assert browser.wait_for("Page.frameNavigated", seconds + 0.5) is not None, "no reload"
    assert time.monotonic() - start <= seconds
    assert browser.wait_for("Page.loadEventFired", 60) is not None


@pytest.mark.slow
def test_watch_serve_reloads_the_page_in_a_browser(tmp_path):
    """GET / shows the report; a finished rebuild reloads the open page within 2 s; a bad
    save puts its error line on the page."""
    corpus = tmp_path / BUNDLED.name
    shutil.copytree(BUNDLED, corpus)
    # the report comes with the PDF: the later --format wins over Watch's html
    watch = Watch(corpus, tmp_path / "out", "--format", "pdf", "--serve", "0")
    browser = None
    try:
        url = re.search(r"serving (http://127\.0\.0\.1:\d+/)", watch.until("serving")[-1])[1]
        watch.until("built in")
        browser = Browser()
        browser.open(url)
        assert "校样报告" in browser.evaluate("document.title")
        assert browser.evaluate("document.getElementById('publish-live').hidden") is True
        art = sorted((corpus / "articles").glob("*.md"))[2]
        text = art.read_text(encoding="utf-8")
        art.write_text(text.rstrip("\n") + "又及。\n", encoding="utf-8")
        watch.until("built in")
        _reloaded_within(browser, 2.0)
        art.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")     # a bad save
        watch.until("publish: error:")
        _reloaded_within(browser, 2.0)
        browser.drain(0.2)
        banner = browser.evaluate("document.getElementById('publish-live').textContent")
        assert art.name in banner and banner.startswith("publish: error:")
        assert browser.console_errors() == []
    finally:
        if browser:
            browser.close()
        watch.stop()


@pytest.mark.parametrize("extra", [["--format", "html"], ["--no-proof"]])
def test_serve_without_the_report_is_refused(tmp_path, extra):
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "publish.cli", "watch", str(BUNDLED), "--out",
                        str(tmp_path / "out"), "--serve", "0", *extra],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [
        "publish: error: --serve shows the proof report, which comes with the PDF: "
        "build pdf (--format) and leave out --no-proof"]
    assert not (tmp_path / "out").exists()
