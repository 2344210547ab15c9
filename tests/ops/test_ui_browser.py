"""Headless Chromium (Debian package) on the Prefect UI served by the same server, behind
its API secret (logged in the way the UI's login page does it: the secret in
localStorage): the completed nightly run and its per-site health artifact are there, a
worst-case summary fits the artifact pane at 1,400 px with its alerts readable, and a
screenshot of the artifact goes to docs/prefect-ui.png for the README when asked."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flows.crawl import REPO_ROOT
from flows.report import summary_markdown
from tests.ops.conftest import OPS_SITES
from tests.support.browser import Browser

pytestmark = pytest.mark.slow
SCREENSHOT = REPO_ROOT / "docs" / "prefect-ui.png"


@pytest.fixture
def browser(stack: Any, tmp_path: Path) -> Iterator[Browser]:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        pytest.skip("chromium is not installed (Debian: apt-get install -y chromium)")
    b = Browser(exe, tmp_path / "profile", width=1400, height=900)
    try:
        b.goto(stack.ui_url)
        b.wait_for_text("")  # any page of the origin, to reach its localStorage
        b.eval(f"localStorage.setItem('prefect-password', btoa({stack.auth_string!r}))")
        yield b
    finally:
        b.close()


def _artifact_url(stack: Any, flow_run_id: str, key: str) -> str:
    arts = stack.api(
        "POST",
        "/artifacts/filter",
        json={"artifacts": {"flow_run_id": {"any_": [flow_run_id]}, "key": {"any_": [key]}}},
    ).json()
    return f"{stack.ui_url}/artifacts/artifact/{arts[0]['id']}"


def test_ui_shows_the_run_and_its_artifact(
    stack: Any, completed_run: dict[str, Any], browser: Browser, tmp_path: Path
) -> None:
    assert completed_run["state"]["type"] == "COMPLETED"
    # The flow run page: its name, its state.
    browser.goto(f"{stack.ui_url}/runs/flow-run/{completed_run['id']}")
    text = browser.wait_for_text(completed_run["name"])
    assert "Completed" in text and "nightly" in text

    # The summary artifact, rendered by the UI.
    browser.goto(_artifact_url(stack, completed_run["id"], "nightly-summary"))
    text = browser.wait_for_text("Nightly run")
    for site in OPS_SITES:
        assert site in text
    assert "new / usual" in text

    shot = tmp_path / "shot.png"
    browser.screenshot(shot)
    assert shot.stat().st_size > 10_000
    # Refresh the README's picture only when asked, so a test run leaves the tree clean.
    if os.environ.get("PROVNEWS_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, SCREENSHOT)


# A table cell or list item sticking out of its box, or a box that scrolls sideways.
OVERFLOW_JS = """
JSON.stringify([...document.querySelectorAll('table')].map(t => {
  const box = t.parentElement;
  return {scroll: box.scrollWidth, client: box.clientWidth,
          right: t.getBoundingClientRect().right, view: window.innerWidth};
}))
"""
ALERT_JS = """
JSON.stringify([...document.querySelectorAll('li')]
  .filter(li => li.innerText.includes('site_down'))
  .map(li => ({right: li.getBoundingClientRect().right, view: window.innerWidth,
               lines: Math.round(li.getBoundingClientRect().height / 20)})))
"""


def test_a_busy_night_summary_fits_1400_px(stack: Any, browser: Browser) -> None:
    longest = "dongkhoi-baovinhlong"  # the longest site id of the registry (20 characters)
    sites = [longest, "baolaocai", "quangninh-portal", "thanhuy-ngabay", "sxd-thanhhoa"]
    counts = {"pages": 1200, "new": 140, "updated": 30, "unchanged": 980, "skipped": 200,
              "errors": 300}  # fmt: skip
    summary = {
        "run_id": "20261207T013000Z", "db_path": "/var/lib/provnews/provnews.duckdb",
        "db_url": "file:///var/lib/provnews/provnews.duckdb", "status": "completed",
        "failed_sites": [longest],
        "alerts": [
            {"site_id": "baolaocai", "kind": "site_down", "detail": "all 3 discovery URLs "
             "(listings, feeds, sitemaps) failed: ConnectionRefusedError: Connection was "
             "refused by other side: 111: Connection refused."},
            {"site_id": longest, "kind": "error_burst",
             "detail": "300 failed URLs of 1200 (25%, usual 0%)"},
        ],
        "sites": {s: dict(counts) for s in sites},
    }  # fmt: skip
    health = {s: {"yield": 0, "median_yield": 160.0, "previous_runs": 14,
                  "extraction_failures": 100, "date_missing": 20,
                  "extraction_failure_rate": 0.125} for s in sites}  # fmt: skip
    r = stack.api(
        "POST",
        "/artifacts/",
        json={"key": "ui-width-check", "type": "markdown",
              "data": summary_markdown(summary, health, fail_ratio=0.5, n_sites=5)},
    )  # fmt: skip
    r.raise_for_status()
    browser.goto(f"{stack.ui_url}/artifacts/artifact/{r.json()['id']}")
    text = browser.wait_for_text("Nightly run")
    assert "new / usual" in text and "ConnectionRefusedError" in text
    tables = json.loads(browser.eval(OVERFLOW_JS))
    assert len(tables) == 1
    t = tables[0]
    assert t["scroll"] <= t["client"] and t["right"] <= t["view"], t  # no column cut off
    alerts = json.loads(browser.eval(ALERT_JS))
    assert len(alerts) == 1
    assert alerts[0]["right"] <= alerts[0]["view"] and alerts[0]["lines"] >= 2, alerts  # wraps
