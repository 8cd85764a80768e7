"""Screenshot every page of the app on the sample program into docs/screenshots/.

    .venv/bin/python scripts/screenshots.py

Starts its own server on a free loopback port and drives Debian's Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PAGES, Server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    server = Server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 2000})
            for name, (path, title) in PAGES.items():
                page.goto(server.url + path)
                page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(2500)
                # The app scrolls inside its main block: grow the window to the content.
                height = page.evaluate(
                    "Math.max(...Array.from(document.querySelectorAll("
                    "'[data-testid=stMainBlockContainer] [data-testid=stElementContainer]'))"
                    ".map(e => e.getBoundingClientRect().bottom + "
                    "document.querySelector('[data-testid=stMain]').scrollTop))"
                )
                page.set_viewport_size({"width": 1600, "height": min(int(height) + 40, 6000)})
                page.wait_for_timeout(1500)
                page.screenshot(path=OUT / f"{name}.png", full_page=True)
                if page.locator("[data-testid=stException]").count():
                    raise SystemExit(f"{path} shows an exception: see {OUT / name}.png")
                print(f"docs/screenshots/{name}.png")
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
