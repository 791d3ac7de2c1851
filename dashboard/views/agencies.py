"""Agencies: who receives recommendations, on which themes, and which lessons repeat."""

import streamlit as st

from reviewgraph.dashboard import charts, data, headline, share, ui
from reviewgraph.dashboard.sidebar import describe

st.title("Agencies")
data.require_reviews()
numbers = headline.show()
st.caption(
    "Recommendations by the agency they are addressed to (an agency can be the board itself). "
    f"Reviews in view: {describe(data.filters())}."
)
BY = {"agency": "Agencies", "sector": "Sectors"}
ONE = {"agency": "Agency", "sector": "Sector"}
CLICKABLE_CHARTS = ("ag-matrix", "ag-per", "ag-sector")
pending = st.session_state.pop("ag-pending", None)  # a sector clicked while grouping by agency
if pending:
    st.session_state["ag_by"] = "sector"
    st.session_state["agency_pick"] = st.session_state["ag-clicked"] = pending
    st.session_state.pop("ag-clicked-theme", None)
grouped = share.opened("by")  # a shared view: grouped by sector
if grouped in BY:
    st.session_state["ag_by"] = grouped
elif grouped is not None:
    share.ignore("by", grouped, "agency or sector")
st.session_state.setdefault("ag_by", "agency")


def _unclick() -> None:
    """Clear: forget the clicked agency (and theme); every chart drawn without its click."""
    for key in ("ag-clicked", "ag-clicked-theme", "agency_pick", "ag-theme"):
        st.session_state.pop(key, None)
    if "agency" in st.query_params:  # else the URL would pick it again
        del st.query_params["agency"]
    for key in CLICKABLE_CHARTS:
        ui.clear_click(key)


by = (
    st.segmented_control(
        "Group by",
        list(BY),
        format_func=BY.__getitem__,
        key="ag_by",
        help="Sectors follow the national analyses' coding frame: health, police, social care …",
    )
    or "agency"
)
noun = ONE[by].lower()
data.prefetch(
    ("recommendations_per_agency", {"by": by}),
    ("agency_theme_matrix", {"by": by}),
    ("recommendations_per_agency", {"by": "sector"}),
    ("repeat_recommendations", {"by": by}),
)
per_agency = data.query("recommendations_per_agency", by=by)
if per_agency.empty:
    ui.no_rows("recommendations")
    st.stop()
total = numbers.get("reviews", int(per_agency["reviews_in_view"].iloc[0]))
# Sectors have no id of their own: their name is the key.
per_agency["key"] = per_agency["agency_id"] if by == "agency" else per_agency["agency"]

# -- matrix ----------------------------------------------------------------------------------
matrix = data.query("agency_theme_matrix", by=by)
if not matrix.empty:
    top_agencies = per_agency["agency"].head(20).tolist()
    theme_totals = matrix.groupby("theme")["recommendations"].sum().sort_values(ascending=False)
    top_themes = theme_totals.index[:20].tolist()
    grid = matrix[matrix["agency"].isin(top_agencies) & matrix["theme"].isin(top_themes)]
    matrix_state = ui.chart(
        charts.heatmap(
            grid,
            x="theme",
            y="agency",
            value="recommendations",
            pick_fields=["agency", "theme_id"],
            title=f"Recommendations to each {noun} on each theme",
            x_title="Theme",
            y_title=ONE[by],
            value_title="Recommendations",
            x_sort=top_themes,
            y_sort=top_agencies,
            scheme="oranges",
            tooltip=["agency", "theme", "recommendations", "reviews"],
        ),
        matrix,
        key="ag-matrix",
        name=f"{noun} by theme",
        selectable=True,
        caption=f"Number of recommendations addressed to each {noun} on each theme (the "
        f"{len(top_agencies)} {BY[by].lower()} and {len(top_themes)} themes with the most; the "
        "CSV has all). Click a cell to list its recommendations below.",
    )
    cell_theme = ui.clicked(matrix_state, "theme_id", key="ag-matrix")
    cell_agency = ui.picked(matrix_state, "agency")
    keys = dict(zip(per_agency["agency"], per_agency["key"], strict=False))
    if cell_theme and cell_agency in keys:
        st.session_state["agency_pick"] = st.session_state["ag-clicked"] = keys[cell_agency]
        st.session_state["ag-theme"] = st.session_state["ag-clicked-theme"] = cell_theme

# -- per agency and per sector ---------------------------------------------------------------
st.divider()
left, right = st.columns(2)
with left:
    top = per_agency.head(25)
    state = ui.chart(
        charts.bar(
            top,
            category="agency",
            value="reviews",
            title=f"Reviews making a recommendation to each {noun}",
            category_title=ONE[by],
            value_title="Reviews",
            tooltip=["agency", "sector", "reviews", "percent", "recommendations"],
            colour="#2ca02c",
            pick_field="key",
        ),
        per_agency,
        key="ag-per",
        name=f"recommendations per {noun}",
        selectable=True,
        caption=f"Number of reviews (of {total} in view) with at least one recommendation to "
        f"each {noun}. Click a bar to list them below.",
    )
with right:
    sectors = (
        per_agency if by == "sector" else data.query("recommendations_per_agency", by="sector")
    )
    sector_state = ui.chart(
        charts.bar(
            sectors,
            category="agency",
            value="recommendations",
            title="Recommendations per sector",
            category_title="Sector",
            value_title="Recommendations",
            colour="#74c476",
            tooltip=["agency", "reviews", "percent", "recommendations"],
            pick_field="agency",
        ),
        sectors,
        key="ag-sector",
        name="recommendations per sector",
        selectable=True,
        caption="Number of recommendations addressed to each sector's agencies. Click a bar to "
        "list the sector's recommendations below.",
    )
    sector = ui.clicked(sector_state, "agency", key="ag-sector")
    if sector and by == "sector":
        st.session_state["agency_pick"] = st.session_state["ag-clicked"] = sector
        st.session_state.pop("ag-clicked-theme", None)
    elif sector:  # group by sector first: its widget is drawn already
        st.session_state["ag-pending"] = sector
        st.rerun()

# -- repeats ---------------------------------------------------------------------------------
st.divider()
ui.heading(
    f"The same {noun} told the same thing again",
    f"A theme addressed to the same {noun} by two or more reviews: the lesson is repeating.",
)
repeats = data.query("repeat_recommendations", by=by)
if repeats.empty:
    st.success(f"No {noun} received recommendations on the same theme from two reviews.")
else:
    ui.table(
        repeats,
        key="ag-repeats",
        name=f"repeat recommendations by {noun}",
        columns=["agency", "theme", "reviews", "first_year", "last_year", "texts"],
        column_config={"texts": st.column_config.ListColumn("Recommendations", width="large")},
        caption="One row per agency and theme: the reviews, years and recommendation texts.",
    )

# -- one agency ------------------------------------------------------------------------------
st.divider()
names = dict(zip(per_agency["key"], per_agency["agency"], strict=True))
ui.heading(
    f"Recommendations to one {noun}",
    "Every recommendation addressed to it, newest first; choose a theme to see one cell of "
    "the matrix above.",
)
clicked = ui.clicked(state, "key", key="ag-per")
if clicked:
    st.session_state["agency_pick"] = st.session_state["ag-clicked"] = clicked
    st.session_state.pop("ag-clicked-theme", None)
from_link = share.opened("click_agency")  # a shared view: the agency (and cell) clicked
if from_link in names:
    st.session_state["agency_pick"] = st.session_state["ag-clicked"] = from_link
    cell = share.opened("click_agency_theme")
    on_link = matrix[matrix["agency"] == names[from_link]] if not matrix.empty else matrix
    if cell in set(on_link.get("theme_id", [])):
        st.session_state["ag-theme"] = st.session_state["ag-clicked-theme"] = cell
    elif cell is not None:
        share.ignore("click_agency_theme", cell, f"no recommendation to {names[from_link]} on it")
elif from_link is not None:
    share.ignore("click_agency", from_link, f"no such {noun} in the reviews in view")
if from_link not in names and share.opened("click_agency_theme") is not None:
    share.ignore("click_agency_theme", str(share.opened("click_agency_theme")),
                 "a matrix cell needs its agency too")  # fmt: skip
in_force = st.session_state.get("ag-clicked") in names
share.put("by", None if by == "agency" else by)
share.put("click_agency", st.session_state["ag-clicked"] if in_force else None)
share.put("click_agency_theme", st.session_state.get("ag-clicked-theme") if in_force else None)
if st.session_state.get("ag-clicked") in names:
    on = st.session_state.get("ag-clicked-theme")
    on_name = dict(zip(matrix.get("theme_id", []), matrix.get("theme", []), strict=True)).get(on)
    ui.click_note(
        "ag",
        f"{names[st.session_state['ag-clicked']]}" + (f", on {on_name}" if on_name else ""),
        on_clear=_unclick,
    )
arriving = ui.arrived("agency", "agency_pick")
if arriving in names:
    st.session_state["agency_pick"] = arriving
elif arriving:
    share.ignore("agency", arriving, f"no recommendation to such {noun} in the reviews in view")
if st.session_state.get("agency_pick") not in names:
    st.session_state["agency_pick"] = next(iter(names))
left, right = st.columns(2)
agency_id = left.selectbox(ONE[by], list(names), format_func=names.__getitem__, key="agency_pick")
ui.remember_in_url("agency", agency_id)
cells = matrix[matrix["agency"] == names[agency_id]] if not matrix.empty else matrix
cells = cells.sort_values("recommendations", ascending=False)
theme_names = dict(zip(cells.get("theme_id", []), cells.get("theme", []), strict=True))
if not theme_names:
    st.info(f"No recommendation to {names[agency_id]} in the reviews in view.")
    st.stop()
if st.session_state.get("ag-theme") not in theme_names:
    st.session_state["ag-theme"] = next(iter(theme_names))  # its most frequent theme
counts = dict(zip(cells["theme_id"], cells["recommendations"], strict=True))
theme_id = right.selectbox(
    "On theme",
    list(theme_names),
    key="ag-theme",
    format_func=lambda t: f"{theme_names[t]} ({counts[t]} recommendations)",
    help="The themes of its recommendations, most frequent first: one row of the matrix.",
)
recs = data.query("theme_agency_reviews", agency=agency_id, theme=theme_id, limit=500)
if recs.empty:
    st.info(f"No recommendation to {names[agency_id]} on this theme in the reviews in view.")
else:
    recs["review"] = ui.review_names(recs)
    picked = ui.table(
        recs,
        key="ag-recs",
        name=f"recommendations to {names[agency_id]} on {theme_names[theme_id]}",
        select=True,
        columns=["review", "number", "text", "addressed_to", "status"],
        column_config={
            "text": st.column_config.TextColumn("Recommendation", width="large"),
            "addressed_to": st.column_config.ListColumn("Addressed to"),
        },
        caption=f"{len(recs)} recommendations to {names[agency_id]} on "
        f"{theme_names[theme_id]}, newest first. Select a row (the box on its left) to open "
        "its review.",
    )
    if picked is not None:
        ui.open_review(str(recs.loc[picked, "review_id"]))
