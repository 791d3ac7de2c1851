"""The Themes page in headless Chromium: clicking a bar of the chart picks that theme (its
count and evidence below change), and the board paper downloaded from that view says the
same count and passages (python-docx and pypdfium2 open what the browser saved).

Its own dashboard over tests/fixtures/tiny.py's graph and its own Chromium, both stopped in
`finally`. Recipe: ../shared/browser-testing.md.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document
from PIL import Image

from tests.fixtures.browser import FIRST, SHOTS, require_chromium, settled, tiny_dashboard

pytestmark = pytest.mark.browser

CSPR = (0x6B, 0xAE, 0xD6)  # charts.TYPE_COLOURS["CSPR"]: only R4 is a CSPR in the tiny graph

require_chromium()


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with tiny_dashboard(tmp_path_factory.mktemp("interaction")) as address:
        yield address


@pytest.fixture(scope="module")
def page(url: str, browser: object) -> Iterator[object]:
    pg = browser.new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        pg.close()


def _near(pixel: object, colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 6 for a, b in zip(pixel, colour, strict=True))  # type: ignore[call-overload]


def _lowest_pixel(png: bytes, colour: tuple[int, int, int]) -> tuple[int, int]:
    """The centre of the lowest run of `colour` in a screenshot (a bar of that colour)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    for y in range(height - 1, -1, -1):
        xs = [x for x in range(width) if _near(pixels[x, y], colour)]
        if len(xs) >= 3:
            return (xs[0] + xs[-1]) // 2, y - 3
    raise AssertionError("no bar of that colour in the chart")


def _text(path: Path) -> str:
    if path.suffix == ".docx":
        raw = "\n".join(p.text for p in Document(str(path)).paragraphs)
    else:
        pdf = pdfium.PdfDocument(str(path))
        raw = "\n".join(pg.get_textpage().get_text_range() for pg in pdf)
        pdf.close()
    return re.sub(r"\s+", " ", raw.replace("“", '"').replace("”", '"'))


def test_clicking_a_bar_picks_the_theme_and_the_paper_says_the_same(
    page: object, url: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    pg: object = page
    pg.goto(f"{url}/themes")  # type: ignore[attr-defined]
    expect(pg.get_by_text("come up together").first).to_be_visible(timeout=FIRST)  # type: ignore[attr-defined]
    settled(pg)
    count = pg.locator(".st-key-theme-count")  # type: ignore[attr-defined]
    expect(count).to_contain_text("Information sharing is raised by 5 of the 5 reviews")

    chart = pg.locator(".st-key-box-th-type [data-testid=stVegaLiteChart]").first  # type: ignore[attr-defined]
    chart.scroll_into_view_if_needed()
    settled(pg)
    box = chart.bounding_box()
    x, y = _lowest_pixel(chart.screenshot(), CSPR)  # the Escalation bar (R4's only)
    pg.mouse.click(box["x"] + x, box["y"] + y)  # type: ignore[attr-defined]
    expect(count).to_contain_text("Escalation is raised by 1 of the 5 reviews", timeout=FIRST)
    notice = pg.locator(".st-key-click-th")  # type: ignore[attr-defined]
    expect(notice).to_contain_text("Filtered by a chart click: Escalation")
    settled(pg)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "themes-bar-clicked.png"))  # type: ignore[attr-defined]
    evidence = pg.locator(".st-key-box-th-evidence")  # type: ignore[attr-defined]
    expect(evidence).to_be_visible()

    for fmt in ("DOCX", "PDF"):
        button = pg.get_by_role("button", name=f"Paper for the board ({fmt})")  # type: ignore[attr-defined]
        with pg.expect_download(timeout=FIRST) as info:  # type: ignore[attr-defined]
            button.click()
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        assert saved.name == f"reviewgraph-paper-escalation.{fmt.lower()}"
        text = _text(saved)
        assert "1 of 5 reviews in view (20%) raise Escalation" in text
        assert "practitioners' escalation was a concern." in text
    expect(evidence).to_contain_text("practitioners' escalation was a concern.")
