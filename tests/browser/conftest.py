"""Drive Debian's Chromium through Playwright's sync API against the live test server.

Never run ``playwright install``: the browser is the system's /usr/bin/chromium.
Screenshots go to ``$SCREENSHOT_DIR`` (default ``var/screenshots``).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


_used_folders: set[Path] = set()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Return the screenshot folder, created; the run's summary names it once."""
    folder = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots")).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    _used_folders.add(folder)
    return folder


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the screenshot folder once at the end of the run, outside captured output."""
    for folder in sorted(_used_folders):
        terminalreporter.write_line(f"Browser screenshots: {folder}")


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """Launch one headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def drug_catalogue(transactional_db: None) -> None:
    """Seed the drug catalogue again: a transactional test flushes migration data."""
    from treatments.catalogue import CATALOGUE
    from treatments.models import Drug

    for entry in CATALOGUE:
        Drug.objects.get_or_create(
            name=entry.name,
            defaults={
                "drug_class": entry.drug_class,
                "usual_line": entry.usual_line,
                "default_unit": entry.default_unit,
            },
        )


@pytest.fixture
def page(chromium: object) -> Iterator[object]:
    """Open a fresh page; fail the test on any JavaScript error."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"
