"""Headless Chromium, offline: the rendered DOM of a page and screenshots of it.

Used by the tests of the HTML report and to make ``docs/eval-report.png``::

    python -m extract.evaluation.chromium out/report.html docs/eval-report.png --size 1280x1500

Needs Debian's ``chromium`` (``apt-get install chromium``; ``.ci/run`` installs it), or the
binary named by ``$CHROMIUM``. Every call uses a fresh profile folder and flags that keep
the browser off the network (no sync, updates, background requests or first-run UI).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from extract.errors import ExtractError

__all__ = ["CHROMIUM_FLAGS", "ChromiumError", "dump_dom", "find_chromium", "screenshot"]

CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
)
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class ChromiumError(ExtractError):
    """Chromium is missing, or failed to render a page."""

    code = "E010"


def find_chromium() -> str | None:
    """The Chromium binary: ``$CHROMIUM`` if set, else the first of chromium,
    chromium-browser, google-chrome on ``PATH``; ``None`` if there is none."""
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _url(page: Path | str) -> str:
    """A URL as given; a file path as a ``file:`` URL, keeping a ``#fragment`` after it
    (``out/review.html#person=p-1a2b3c4d5e``) unless the whole string names a file."""
    if isinstance(page, str):
        if "://" in page:
            return page
        path, sep, fragment = page.partition("#")
        if sep and not Path(page).exists():
            return Path(path).resolve().as_uri() + "#" + fragment
    return Path(page).resolve().as_uri()


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    binary = find_chromium()
    if binary is None:
        raise ChromiumError(
            "headless Chromium not found: install Debian's 'chromium' package "
            "(apt-get install -y chromium; .ci/run does this) or set CHROMIUM to its path"
        )
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ChromiumError(f"chromium did not finish within {timeout:.0f}s: {' '.join(args)}") from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise ChromiumError(f"chromium exited with {done.returncode}: {' | '.join(tail)}")
    return done


def dump_dom(page: Path | str, timeout: float = 90) -> str:
    """The serialized DOM of ``page`` (a file path or URL) after it has loaded and its
    scripts have run."""
    done = _run(["--dump-dom", _url(page)], timeout)
    return done.stdout.decode("utf-8", "replace")


def screenshot(page: Path | str, png: Path, width: int = 1280, height: int = 1500,
               timeout: float = 90) -> Path:
    """Save a ``width`` x ``height`` screenshot of the top of ``page`` as ``png``."""
    png = Path(png).resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    if png.exists():
        png.unlink()
    _run([f"--screenshot={png}", f"--window-size={width},{height}", _url(page)], timeout)
    if not png.is_file() or png.stat().st_size == 0:
        raise ChromiumError(f"chromium wrote no screenshot to {png}")
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.evaluation.chromium",
                                     description="Screenshot a page with headless Chromium.")
    parser.add_argument("page", help="HTML file (with a #fragment, if any) or URL")
    parser.add_argument("png", help="output PNG file")
    parser.add_argument("--size", default="1280x1500", metavar="WxH", help="window size (default 1280x1500)")
    args = parser.parse_args(argv)
    try:
        width, height = (int(x) for x in args.size.lower().split("x"))
        out = screenshot(args.page, Path(args.png), width, height)
    except (ValueError, ExtractError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
