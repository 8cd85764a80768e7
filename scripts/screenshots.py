"""Screenshot every page of the app on the sample program into docs/screenshots/.

    .venv/bin/python scripts/screenshots.py              # every page, both slices
    .venv/bin/python scripts/screenshots.py mdf forecast # only these pages

Pages are drawn 1280 pixels wide, a 13-inch laptop sharing its screen (720 high; the shot then
grows to the page's content). Each page is taken on the default slice (docs/screenshots/<page>.png)
and on one CAM's slice (docs/screenshots/cam/<page>.png). Starts its own server on a free loopback
port and drives Debian's Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PAGES, Server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1280, 720
CAM = "Carla Silva"
SETTLED = """() => {
    const app = document.querySelector('[data-testid=stApp]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid=stSkeleton]');
}"""


def with_cam(path: str, cam: str) -> str:
    """The page's deep link narrowed to one CAM (the URL takes the CAM's name)."""
    if "cam=" in path:
        return path
    return f"{path}{'&' if '?' in path else '?'}cam={quote(cam)}"


def settle(page) -> None:
    """Wait for the script run to finish and every lazily loaded element to draw."""
    page.wait_for_function(SETTLED, timeout=60_000)
    page.wait_for_timeout(1500)  # charts draw after their element mounts
    page.wait_for_function(SETTLED, timeout=60_000)


def shoot(page, url: str, title: str, out: Path) -> None:
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(url)
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    settle(page)
    # The app scrolls inside its main block: grow the window to the content.
    height = page.evaluate(
        "Math.max(...Array.from(document.querySelectorAll("
        "'[data-testid=stMainBlockContainer] [data-testid=stElementContainer]'))"
        ".map(e => e.getBoundingClientRect().bottom + "
        "document.querySelector('[data-testid=stMain]').scrollTop))"
    )
    page.set_viewport_size({"width": WIDTH, "height": max(HEIGHT, min(int(height) + 40, 8000))})
    settle(page)
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=out, full_page=True)
    if page.locator("[data-testid=stException]").count():
        raise SystemExit(f"{url} shows an exception: see {out}")
    print(out.relative_to(ROOT))


def main(names: list[str]) -> None:
    unknown = [n for n in names if n not in PAGES]
    if unknown:
        raise SystemExit(f"unknown page {', '.join(unknown)}; pages: {', '.join(PAGES)}")
    server = Server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            for name, (path, title) in PAGES.items():
                if names and name not in names:
                    continue
                shoot(page, server.url + path, title, OUT / f"{name}.png")
                shoot(page, server.url + with_cam(path, CAM), title, OUT / "cam" / f"{name}.png")
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
