"""Overview: how many reviews, what they are, which themes recur and what is still open."""

import streamlit as st

from reviewgraph.dashboard import charts, data, headline, panels, ui
from reviewgraph.dashboard.sidebar import describe

st.title("Overview")
data.require_reviews()
chosen = data.filters()
st.caption(f"Reviews in view: {describe(chosen)}. Change this with the filters on the left.")
numbers = headline.show()

TOP_BOARDS = 20
data.prefetch(
    ("overview_totals", {}),
    ("recurring_themes", {"level": "theme"}),
    ("overview_counts", {}),
    ("recurring_themes", {"limit": 15}),
    ("open_on_recurring_theme", {}),
    ("reviews", {"limit": ui.REVIEW_PICKER_LIMIT}),
)
counts = {**data.totals(), **numbers}  # the headline numbers: overview_totals, as on every page
METRICS = [
    ("reviews", "Reviews", "Reviews matching the filters (reports; register records too when "
     "'Include register records' is on)"),
    ("reports", "Reports", "Documents read for those reviews: a briefing on several cases counts "
     "once"),
    ("themes", "Practice themes raised", "Distinct practice themes those reviews raise (case "
     "characteristics such as abuse types are on the Case characteristics page)"),
    ("recommendations", "Recommendations", "Recommendations those reviews made"),
    (
        "open_recommendations",
        "Still open",
        "Recommendations not marked complete in an action plan (or tracked by none)",
    ),
]  # fmt: skip
for col, (key, name, help_text) in zip(st.columns(len(METRICS)), METRICS, strict=True):
    col.metric(name, f"{counts[key]:,}" if key in counts else "–", help=help_text)

reviews = data.query("overview_counts")
if reviews.empty:
    ui.no_rows()
    st.stop()

left, middle = st.columns([2, 3])
with left:
    by_type = reviews.groupby("type")["reviews"].sum().reset_index()
    state = ui.chart(
        charts.bar(
            by_type,
            category="type",
            value="reviews",
            title="Reviews by type",
            category_title="Review type",
            value_title="Reviews",
            pick_field="type",
        ),
        by_type,
        caption="Number of reviews of each type (SCR, CSPR, SAR, DHR …). Click a bar to count "
        "only that type on every page.",
        key="ov-type",
        name="reviews by type",
        selectable=True,
    )
    ui.filter_by_click(state, "type", key="ov-type", sidebar="types")
with middle:
    dated = reviews.dropna(subset=["year"]).astype({"year": int})
    by_year = dated.groupby(["year", "type"])["reviews"].sum().reset_index()
    undated = int(reviews["reviews"].sum() - dated["reviews"].sum())
    state = ui.chart(
        charts.columns(
            by_year,
            x="year",
            value="reviews",
            colour="type",
            colour_title="Type",
            title="Reviews by year of review",
            x_title="Year of review",
            value_title="Reviews",
            pick_field="year",
        ),
        by_year,
        caption="Reviews per year of the review (its publication), coloured by type "
        f"({undated} with no known review year not shown; register records give the year of "
        "the death or incident, counted on the Register page). Click a bar to count only that "
        "year.",
        key="ov-year",
        name="reviews by year",
        selectable=True,
    )
    ui.filter_by_click(state, "year", key="ov-year", sidebar="year")
by_board = reviews.groupby("board")["reviews"].sum().reset_index()
top_boards = by_board.nlargest(TOP_BOARDS, "reviews")
state = ui.chart(
    charts.bar(
        top_boards,
        category="board",
        value="reviews",
        title="Reviews by board",
        category_title="Board",
        value_title="Reviews",
        pick_field="board",
    ),
    by_board,
    caption="Number of reviews each board or partnership commissioned"
    + (f" (the {TOP_BOARDS} with most; the CSV has all)." if len(by_board) > TOP_BOARDS else ".")
    + " Click a bar to count only that board's reviews on every page.",
    key="ov-board",
    name="reviews by board",
    selectable=True,
)
ui.filter_by_click(state, "board", key="ov-board", sidebar="boards")

st.divider()
themes = data.query("recurring_themes", limit=15)
ui.heading(
    "Themes that keep coming back",
    "The practice themes raised by the most reviews (what practice got wrong or right; what "
    "happened in the cases is on the Case characteristics page). Click a bar to open the theme "
    "with its evidence.",
)
if not themes.empty:
    total = numbers.get("reviews", int(themes["reviews_in_view"].iloc[0]))
    state = ui.chart(
        charts.bar(
            themes,
            category="theme",
            value="reviews",
            title="Top recurring themes (practice)",
            category_title="Theme",
            value_title="Reviews raising the theme",
            tooltip=["theme", "reviews", "percent", "first_year", "last_year"],
            colour="#e08214",
            pick_field="theme_id",
        ),
        themes,
        caption=f"Number of reviews (of the {total} in view) that raise each practice theme.",
        key="ov-themes",
        name="recurring themes",
        selectable=True,
    )
    theme_id = ui.clicked(state, "theme_id", key="ov-themes")
    if theme_id:
        st.switch_page(ui.THEMES, query_params={"theme": theme_id})

st.divider()
panels.open_on_recurring_themes(key="ov-open")
