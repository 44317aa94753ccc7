"""The pages in a real browser: Debian's Chromium driven by Playwright against a real `python main.py`.

Never downloads a browser: /usr/bin/chromium must exist (CI installs it with apt-get; locally `apt-get install -y
chromium`). UPDATE_SCREENSHOT=1 refreshes docs/itinerary.png, the README's screenshot.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import httpx
import pytest
from conftest import trip
from live_server import ROOT
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TIMEOUT = 10_000  # ms, for every explicit wait
SCREENSHOT = ROOT / "docs" / "itinerary.png"
ITINERARY_URL = re.compile(r"/itinerary/[0-9a-f]{32}$")
expect.set_options(timeout=TIMEOUT)

# Installed before the plan form is submitted: records each progress step's class changes in sessionStorage, so the
# sequence survives the navigation to the itinerary page that follows the last step immediately.
RECORD_PROGRESS = """() => {
  const key = "progress-log";
  sessionStorage.setItem(key, "[]");
  const log = (li) => {
    const entries = JSON.parse(sessionStorage.getItem(key));
    entries.push([li.dataset.step, li.className]);
    sessionStorage.setItem(key, JSON.stringify(entries));
  };
  new MutationObserver((records) => records.forEach((r) => log(r.target)))
    .observe(document.getElementById("progress"), { subtree: true, attributes: true, attributeFilter: ["class"] });
}"""


class Chromium:
    """Debian's Chromium, launched on first use: from inside a test, so a missing browser FAILS that test."""

    def __init__(self):
        self.playwright = None
        self.browser: Browser | None = None

    def get(self) -> Browser:
        if self.browser is None:
            if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
                pytest.fail(f"{CHROMIUM} is missing: the browser tests use Debian's Chromium and never download one. "
                            "Install it with `apt-get install -y chromium` (CI does this in .ci/run).", pytrace=False)
            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                           args=CHROMIUM_ARGS)
        return self.browser

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
        if self.playwright is not None:
            self.playwright.stop()


@pytest.fixture(scope="module")
def chromium():
    launcher = Chromium()
    try:
        yield launcher
    finally:
        launcher.close()


class Watched:
    """A page plus every request URL, console error and uncaught exception it produced."""

    def __init__(self, page: Page):
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda req: self.requests.append(req.url))
        page.on("console", lambda msg: self.errors.append(f"console.{msg.type}: {msg.text}")
                if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def assert_all_local(self, base_url: str) -> None:
        assert self.requests, "no request was recorded"
        outside = [u for u in self.requests if not (u.startswith(base_url + "/") or u.startswith(("data:", "blob:",
                                                                                                   "about:")))]
        assert not outside, f"requests left {base_url}: {outside}"

    def assert_no_errors(self) -> None:
        assert not self.errors, self.errors


@pytest.fixture
def open_page(chromium):
    """open_page(width=1280, height=800) -> Watched, in a fresh context (no cookies, storage or cache shared)."""
    contexts = []

    def open_(width: int = 1280, height: int = 800, **options) -> Watched:
        context = chromium.get().new_context(viewport={"width": width, "height": height}, reduced_motion="reduce",
                                             **options)
        context.set_default_timeout(TIMEOUT)
        contexts.append(context)
        return Watched(context.new_page())

    yield open_
    for context in contexts:
        context.close()


def fill_form(page: Page, destination: str, duration: int, travelers: int, budget: float) -> None:
    page.locator("#destination").fill(destination)
    page.locator("#duration").fill(str(duration))
    page.locator("#travelers").fill(str(travelers))
    page.locator("#budget").fill(str(budget))


def expect_itinerary(page: Page, city: str, days: int) -> None:
    expect(page).to_have_url(ITINERARY_URL, timeout=TIMEOUT)
    expect(page.locator("#itinerary-content")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#itinerary-header h1")).to_contain_text(city)
    expect(page.locator(".day-card")).to_have_count(days)


def test_plan_a_trip_like_a_person(server, open_page, tmp_path):
    watched = open_page(1280, 800)
    page = watched.page
    page.goto(server.base_url + "/")
    expect(page.locator("#plan-form")).to_be_visible()

    # Destination by autocomplete: type part of the name, pick the suggestion.
    page.locator("#destination").press_sequentially("Kyot", delay=40)
    suggestions = page.locator("#destination-suggestions")
    expect(suggestions).to_be_visible(timeout=TIMEOUT)
    kyoto = suggestions.locator('[role="option"]', has_text="Kyoto, Japan")
    expect(kyoto).to_be_visible()
    kyoto.click()
    expect(suggestions).to_be_hidden()
    expect(page.locator("#destination")).to_have_value("Kyoto, Japan")

    page.locator("#duration").fill("4")
    page.locator("#travelers").fill("2")
    page.locator("#budget").fill("3000")
    page.locator('label:has(input[name="pace"][value="moderate"])').click()
    expect(page.locator('input[name="pace"][value="moderate"]')).to_be_checked()
    culture = page.locator('.interest-chip[data-interest="culture"]')
    culture.click()
    expect(culture).to_have_attribute("aria-pressed", "true")

    page.evaluate(RECORD_PROGRESS)
    page.locator("#submit").click()
    expect(page.locator("#status-card")).to_be_visible(timeout=TIMEOUT)

    expect_itinerary(page, "Kyoto", 4)
    steps: dict[str, list[str]] = {}
    for step, classes in json.loads(page.evaluate("sessionStorage.getItem('progress-log')") or "[]"):
        steps.setdefault(step, []).append(classes)
    for step in ("resolve", "budget", "plan"):
        states = steps.get(step, [])
        assert any("active" in c for c in states), f"step {step} never became active: {steps}"
        assert states and "done" in states[-1], f"step {step} did not end done: {steps}"

    expect(page.locator("#source-badge")).to_be_visible()
    expect(page.locator("#source-badge")).not_to_be_empty()
    expect(page.locator("#budget-chart svg")).to_be_visible()
    expect(page.locator("#budget-chart svg .donut-slice").first).to_be_attached()
    for n in range(4):
        card = page.locator(".day-card").nth(n)
        expect(card.locator(".stop").first).to_be_visible()
        assert card.locator(".stop").count() >= 3
        assert card.locator('.stop[data-kind="meal"]').count() >= 1, f"day {n + 1} has no meal"
    expect(page.locator("#hotels .place-card").first).to_be_visible()
    expect(page.locator("#restaurants .place-card").first).to_be_visible()
    check = page.locator("#plan-check")
    expect(check).to_be_visible()
    expect(check.locator("summary")).to_contain_text("Plan checked")
    # prices in dollars, and beside them what the venue charges in yen
    expect(page.locator("#hotels .place-card .local-price").first).to_contain_text("¥")
    assert page.title().startswith("Trip to Kyoto")

    target = SCREENSHOT if os.environ.get("UPDATE_SCREENSHOT") == "1" else tmp_path / "itinerary.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000

    # (e) Nothing left 127.0.0.1, and the page logged no error.
    watched.assert_all_local(server.base_url)
    watched.assert_no_errors()


def test_too_small_budget_offers_a_raise(server, open_page):
    watched = open_page()
    page = watched.page
    page.goto(server.base_url + "/")
    fill_form(page, "Kyoto", duration=7, travelers=2, budget=100)
    page.locator("#submit").click()

    panel = page.locator("#budget-panel")
    expect(panel).to_be_visible(timeout=TIMEOUT)
    expect(panel.locator("button.suggestion").first).to_be_visible()
    expect(page.locator('#progress li[data-step="budget"]')).to_have_class(re.compile(r"\bfailed\b"))
    raise_budget = panel.locator('button.suggestion[data-action="raise_budget"]')
    expect(raise_budget).to_have_count(1)
    expect(raise_budget).to_contain_text("Raise the budget")
    raise_budget.click()

    expect_itinerary(page, "Kyoto", 7)
    watched.assert_all_local(server.base_url)
    watched.assert_no_errors()


def test_a_curated_destination_is_one_click_away(server, open_page):
    watched = open_page()
    page = watched.page
    page.goto(server.base_url + "/")
    picker = page.locator("#curated-destinations")
    expect(picker).to_be_visible(timeout=TIMEOUT)
    expect(picker.locator(".curated-count")).to_have_text(re.compile(r"^[6-9]\d$"))
    picker.locator("summary").click()
    picker.locator('button.curated-chip[data-id="reykjavik"]').click()
    expect(page.locator("#destination")).to_have_value("Reykjavík, Iceland")
    fill_form(page, page.locator("#destination").input_value(), duration=3, travelers=1, budget=2500)
    page.locator("#submit").click()

    expect_itinerary(page, "Reykjavík", 3)
    expect(page.locator("#source-badge")).to_contain_text("curated")
    watched.assert_all_local(server.base_url)
    watched.assert_no_errors()


def test_unknown_destination_suggests_london(server, open_page):
    watched = open_page()
    page = watched.page
    page.goto(server.base_url + "/")
    fill_form(page, "Lndnn", duration=3, travelers=2, budget=3000)
    page.locator("#submit").click()

    error = page.locator("#error-message")
    expect(error).to_be_visible(timeout=TIMEOUT)
    expect(error).to_contain_text("Lndnn")
    expect(page.locator("#destination")).to_have_attribute("aria-invalid", "true")
    london = error.locator("button.suggestion-name", has_text="London")
    expect(london.first).to_be_visible()
    london.first.click()

    expect_itinerary(page, "London", 3)
    watched.assert_all_local(server.base_url)
    # Chromium logs the (expected) 404 from /api/destinations/resolve as a failed resource; nothing else may be logged.
    expected_404 = "console.error: Failed to load resource: the server responded with a status of 404 (Not Found)"
    unexpected = [e for e in watched.errors if e != expected_404]
    assert not unexpected, unexpected


def test_phone_has_no_horizontal_scroll(server, open_page):
    created = httpx.post(server.base_url + "/api/create-itinerary", json=trip(), timeout=30.0)
    assert created.status_code == 200, created.text
    watched = open_page(375, 812, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = watched.page
    scroll_width = "document.scrollingElement.scrollWidth"

    page.goto(server.base_url + "/itinerary/" + created.json()["itinerary_id"])
    expect(page.locator("#itinerary-content")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".day-card")).to_have_count(4)
    assert page.evaluate(scroll_width) <= 375 + 1, "the itinerary page scrolls sideways on a phone"
    # Day cards clip their overflow, so also check nothing inside them is cut off at the right edge.
    cut_off = page.evaluate("""() => [...document.querySelectorAll(
        '.day-card, .stop-card, .route-sketch, .place-card, .attraction, .meta-grid, .budget-body')]
      .filter((el) => el.getBoundingClientRect().right > 375 + 1)
      .map((el) => el.className + ' ' + Math.round(el.getBoundingClientRect().right))""")
    assert not cut_off, f"wider than the phone: {cut_off[:10]}"

    page.goto(server.base_url + "/")
    expect(page.locator("#plan-form")).to_be_visible()
    assert page.evaluate(scroll_width) <= 375 + 1, "the plan page scrolls sideways on a phone"
    watched.assert_all_local(server.base_url)
    watched.assert_no_errors()
