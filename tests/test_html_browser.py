"""The HTML report in a real headless browser (Debian's chromium): it renders, the screenshot is not
blank, the filter script runs under the page's Content-Security-Policy, and nothing from a policy
(`<script>`, `<img onerror>`) becomes markup or runs.

The set-up installs chromium with apt-get when it is missing and we are root; otherwise the test
is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib

import pytest
from click.testing import CliRunner

from policylint.cli import main
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "reports" / "fixtures"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _find() -> str | None:
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


@pytest.fixture(scope="module")
def chromium() -> str:
    found = _find()
    if found:
        return found
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("chromium is not installed and cannot be installed here (needs root and apt-get: apt-get install chromium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600, check=False)
        done = subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, capture_output=True, text=True, timeout=900, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("installing chromium with apt-get timed out")
    found = _find()
    if not found:
        pytest.skip(f"apt-get could not install chromium: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
    return found


def _run(browser: str, *args: str, tmp) -> subprocess.CompletedProcess:
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
           "--hide-scrollbars", f"--user-data-dir={tmp / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def _report(tmp) -> str:
    out = tmp / "report.html"
    CliRunner().invoke(main, ["check", "-r", str(FIXTURES / "ruleset.yaml"), str(FIXTURES / "tricky.txt"),
                              str(FIXTURES / "bad-policy.md"), "-f", "html", "-o", str(out)])
    assert out.exists()
    return out.as_uri()


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Decode a non-interlaced 8-bit RGB/RGBA PNG into rows of raw pixel bytes."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, bpp, rows


def test_report_renders_and_screenshot_is_not_blank(chromium, tmp_path):
    url = _report(tmp_path)
    shot = tmp_path / "shot.png"
    r = _run(chromium, f"--screenshot={shot}", "--window-size=800,600", url, tmp=tmp_path)
    assert shot.exists(), r.stderr[-2000:]
    width, bpp, rows = _pixels(shot.read_bytes())
    colours, dark = set(), 0
    for row in rows[::4]:
        for x in range(0, width * bpp, bpp * 4):
            px = row[x:x + 3]
            colours.add(px)
            dark += sum(px) < 300
    assert len(colours) > 8, "the screenshot is blank"
    assert dark > 100, "no text was drawn"


def test_policy_text_cannot_inject_markup_or_script(chromium, tmp_path):
    url = _report(tmp_path)
    r = _run(chromium, "--dump-dom", "--virtual-time-budget=2000", url, tmp=tmp_path)
    dom = r.stdout
    assert "<html" in dom, r.stderr[-2000:]
    assert 'data-filters="ready"' in dom  # our own script ran (allowed by hash in the CSP)
    assert "pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]  # the onerror never ran
    assert dom.count("<script") == 1 and "<img" not in dom
    assert "&lt;script&gt;alert" in dom and "&lt;img src=x onerror=" in dom  # shown as text
    assert "<title>policylint report</title>" in dom
