"""The line of headline numbers every page shows under its title, from one named query.

"Reviews in view", "reports in view", "register records" and "open recommendations" come
from `overview_totals` alone (data.headline), so every page says the same numbers and each
count carries its base. tests/test_board_view.py opens every page and compares them.
"""

from __future__ import annotations

import streamlit as st

from reviewgraph.dashboard import data


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def describe(numbers: dict[str, int]) -> str:
    """ "18 reviews in view, from 13 reports · 81 recommendations, 63 open · …"."""
    reviews = numbers.get("reviews", 0)
    reports = numbers.get("reports", 0)
    register = numbers.get("register_records", 0)
    parts = [f"**{plural(reviews, 'review')} in view**, from {plural(reports, 'report')}"]
    if register:
        parts[0] += f" and {plural(register, 'register record')}"
    recs = numbers.get("recommendations", 0)
    parts.append(
        f"{plural(recs, 'recommendation')}, **{numbers.get('open_recommendations', 0):,} open**"
    )
    left_out = numbers.get("register_records_left_out", 0)
    if left_out:
        parts.append(
            f"{plural(left_out, 'register record')} not counted (switch on 'Include register "
            "records' to count them)"
        )
    return " · ".join(parts)


def show() -> dict[str, int]:
    """Draw the headline line (a stable handle, `headline`, for browser tests); returns it."""
    from reviewgraph.dashboard.sidebar import click_notes

    numbers = data.headline()
    with st.container(key="headline"):
        st.markdown(describe(numbers))
    click_notes()
    return numbers


def of_reviews(n: int, numbers: dict[str, int]) -> str:
    """ "8 of 12 reviews in view": a count with its base."""
    return f"{n:,} of {plural(numbers.get('reviews', 0), 'review')} in view"
