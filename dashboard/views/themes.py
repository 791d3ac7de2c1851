"""Themes: which themes recur, in which kinds of review, when, together, and the evidence."""

from collections.abc import Callable

import streamlit as st

from reviewgraph.dashboard import charts, compare, data, graphs, headline, share, ui
from reviewgraph.dashboard.sidebar import describe

st.title("Themes")
data.require_reviews()
st.caption(
    f"Practice themes the reviews raise (what practice got wrong or right), counted once per "
    f"review; what happened in the cases is on the Case characteristics page. Reviews in view: "
    f"{describe(data.filters())}."
)
numbers = headline.show()
LEVELS = {"theme": "Themes", "subtheme": "Sub-themes", "domain": "Domains"}
EVIDENCE_LIMIT = 500
TOP_BARS = 25
NETWORK_LABELS = 15  # the most frequent themes are labelled; the others on hover
# A link (?theme=…) from another page or a colleague: show that theme, at its own level.
arriving = ui.arrived("theme", "theme_pick")
CLICKABLE_CHARTS = ("th-type", "th-trend", "th-net", "th-matrix")


def _unclick() -> None:
    """Clear: the clicked theme is forgotten, every chart drawn without its click."""
    st.session_state.pop("th-clicked", None)
    st.session_state.pop("theme_pick", None)
    if "theme" in st.query_params:  # else the URL would pick it again
        del st.query_params["theme"]
    for key in CLICKABLE_CHARTS:
        ui.clear_click(key)


if arriving:
    taxonomy = data.query("themes", quiet=True)
    levels = dict(zip(taxonomy.get("id", []), taxonomy.get("level", []), strict=True))
    if levels.get(arriving) in LEVELS:
        st.session_state["themes_level"] = levels[arriving]
        st.session_state["theme_pick"] = arriving
    else:
        share.ignore("theme", arriving, "no practice theme has that id")
st.session_state.setdefault("themes_level", "theme")
level = (
    st.segmented_control(
        "Count at",
        list(LEVELS),
        format_func=LEVELS.__getitem__,
        key="themes_level",
        help="Domains hold themes, themes hold sub-themes; a review counts once at each level.",
    )
    or "theme"
)
noun = LEVELS[level].lower()

data.prefetch(
    ("recurring_themes", {"level": level}),
    ("theme_by_type", {"level": level}),
    ("theme_trend", {"level": level}),
    ("theme_cooccurrence", {"level": level, "min_reviews": 1}),
)
recurring = data.query("recurring_themes", level=level)
if recurring.empty:
    ui.no_rows(f"reviews with {noun}")
    st.stop()
names = dict(zip(recurring["theme_id"], recurring["theme"], strict=True))
order = recurring["theme"].tolist()
total = numbers.get("reviews", int(recurring["reviews_in_view"].iloc[0]))
notice = st.empty()  # says where the evidence is when a theme was chosen from a link or a chart

# -- frequency by review type ----------------------------------------------------------------
by_type = data.query("theme_by_type", level=level)
tab_bars, tab_table = ui.tabs(["Chart", "Table"], key="th-type-view")
state = None  # the chart's selection, while the Chart tab is open
with tab_bars:
    if tab_bars.open:
        state = ui.chart(
            charts.stacked_bar(
                by_type[by_type["theme"].isin(order[:TOP_BARS])],
                category="theme",
                value="reviews",
                stack="type",
                title=f"How many reviews raise each of the practice {noun}, by review type",
                category_title=LEVELS[level][:-1],
                value_title="Reviews",
                stack_title="Review type",
                order=order[:TOP_BARS],
                pick_field="theme_id",
            ),
            by_type,
            key="th-type",
            name=f"{noun} by review type",
            selectable=True,
            caption=f"Number of reviews (of {total} in view) raising each {noun[:-1]}, split by "
            "review type"
            + (
                f"; the {TOP_BARS} most frequent (the Table tab has all)"
                if len(order) > TOP_BARS
                else ""
            )
            + ". Click a bar to see its reviews and evidence below.",
        )
with tab_table:
    if tab_table.open:
        ui.table(
            recurring,
            key="th-table",
            name=f"recurring {noun}",
            columns=[
                "theme",
                "reviews",
                "percent",
                "scr",
                "cspr",
                "cpr",
                "sar",
                "dhr",
                "other",
                "first_year",
                "last_year",
                "mentions",
            ],
            caption=f"Reviews raising each {noun[:-1]}, its share of the {total} reviews in view, "
            "by type, first and last year seen; mentions count every passage.",
        )
clicks = [ui.clicked(state, "theme_id", key="th-type")]

# -- over time -------------------------------------------------------------------------------
st.divider()
trend = data.query("theme_trend", level=level)
if not trend.empty:
    show_share = st.toggle("Show as % of that year's reviews", key="th-share")
    value = "percent" if show_share else "reviews"
    top = order[:20]
    grid = trend[trend["theme"].isin(top)]
    trend_state = ui.chart(
        charts.heatmap(
            grid,
            x="year",
            y="theme",
            value=value,
            x_ordinal=True,
            y_sort=top,
            pick_fields=["theme_id"],
            title=f"{LEVELS[level]} by year",
            x_title="Year of review (publication)",
            y_title=LEVELS[level][:-1],
            value_title="% of reviews" if show_share else "Reviews",
            number_format=".0f" if show_share else "d",
            tooltip=["theme", "year", "reviews", "reviews_that_year", "percent"],
        ),
        trend,
        key="th-trend",
        name=f"{noun} by year",
        selectable=True,
        caption=("Share of each year's reviews" if show_share else "Number of reviews each year")
        + f" raising each of the {len(top)} most frequent {noun}. Click a cell to see the "
        f"{noun[:-1]}'s reviews and evidence below.",
    )
    clicks.append(ui.clicked(trend_state, "theme_id", key="th-trend"))

# -- our board against the rest -------------------------------------------------------------
st.divider()
compare.panel(level, noun)

# -- co-occurrence ---------------------------------------------------------------------------
st.divider()
ui.heading(
    f"{LEVELS[level]} that come up together",
    "Two themes are linked when the same reviews raise both; colours are groups of themes "
    "that tend to appear together. Click a theme to see its reviews and evidence below.",
)
pairs = data.query("theme_cooccurrence", level=level, min_reviews=1)
if not pairs.empty:
    top_count = int(pairs["reviews"].max())
    # Start where about 60 pairs remain: a readable network on any corpus size.
    start = int(pairs["reviews"].nlargest(60).min()) if len(pairs) > 60 else 1
    left, right = st.columns([3, 2])
    min_reviews = left.slider(
        "Pairs raised together by at least this many reviews",
        1,
        max(2, top_count),
        value=min(max(2, start), max(2, top_count)),
        key="th-co-min",
    )
    above_chance = right.toggle(
        "Only above-chance pairs",
        value=True,
        key="th-co-lift",
        help="Lift above 1: frequent themes do not link to everything.",
    )
    shown = pairs[(pairs["reviews"] >= min_reviews) & (~above_chance | (pairs["lift"] > 1))]
    tab_net, tab_matrix, tab_pairs = ui.tabs(["Network", "Matrix", "Table"], key="th-co-view")
    with tab_net:
        if tab_net.open:
            nodes, edges = graphs.cooccurrence_graph(shown, recurring)
            if edges.empty:
                st.info("No pair of themes shares that many reviews: lower the number above.")
            else:
                net = ui.chart(
                    charts.network(
                        nodes,
                        edges,
                        title=f"{LEVELS[level]} raised by the same reviews",
                        colour="group",
                        colour_title="Group",
                        size="reviews",
                        size_title="Reviews",
                        tooltip=["label", "reviews", "group"],
                        edge_tooltip=["pair", "weight", "lift"],
                        label_top=NETWORK_LABELS,
                    ),
                    shown,
                    key="th-net",
                    name=f"{noun} co-occurrence",
                    selectable=True,
                    caption="Circle size: reviews raising the theme; line width: reviews raising "
                    f"both (pairs shared by at least {min_reviews} reviews). The {NETWORK_LABELS} "
                    "most frequent themes are labelled; point at a circle for any theme's name. "
                    "Scroll to zoom, drag to pan, double-click to reset; click a theme to see its "
                    "reviews and evidence below.",
                )
                clicks.append(ui.clicked(net, "id", key="th-net"))
    with tab_matrix:
        if tab_matrix.open:
            matrix = graphs.symmetric(shown)
            matrix_state = ui.chart(
                charts.heatmap(
                    matrix,
                    x="theme_b",
                    y="theme_a",
                    value="reviews",
                    pick_fields=["theme_a_id"],
                    title=f"Reviews raising both {noun}",
                    x_title="",
                    y_title="",
                    value_title="Reviews",
                    x_sort=order,
                    y_sort=order,
                ),
                shown,
                key="th-matrix",
                name=f"{noun} co-occurrence matrix",
                selectable=True,
                caption="Each cell: number of reviews raising both the row's and the column's "
                "theme. Click a cell to see the row's theme's reviews and evidence below.",
            )
            clicks.append(ui.clicked(matrix_state, "theme_a_id", key="th-matrix"))
    with tab_pairs:
        if tab_pairs.open:
            ui.table(
                shown,
                key="th-pairs",
                name=f"{noun} pairs",
                columns=[
                    "theme_a_name",
                    "theme_b_name",
                    "reviews",
                    "reviews_a",
                    "reviews_b",
                    "lift",
                    "jaccard",
                ],
                column_config={
                    "theme_a_name": st.column_config.TextColumn("Theme"),
                    "theme_b_name": st.column_config.TextColumn("With theme"),
                    "reviews": st.column_config.NumberColumn("Reviews raising both"),
                    "reviews_a": st.column_config.NumberColumn("Reviews raising the first"),
                    "reviews_b": st.column_config.NumberColumn("Reviews raising the second"),
                    "lift": st.column_config.NumberColumn(
                        "Lift", help="Above 1: the two come up together more often than chance"
                    ),
                    "jaccard": st.column_config.NumberColumn(
                        "Overlap", help="Reviews raising both ÷ reviews raising either (Jaccard)"
                    ),
                },
                caption="Each pair of themes with the reviews raising both; lift above 1 means "
                "they come up together more often than chance would give.",
            )

# -- one theme: its reviews and evidence -----------------------------------------------------
st.divider()
st.subheader(f"Reviews and evidence for one {noun[:-1]}", anchor="evidence")
st.caption(
    "The passages each review was coded from, with the document and page, so every count "
    "can be checked.",
)
clicked = next((c for c in clicks if c in names), None)
from_link = share.opened("click_theme")  # a shared view: the theme its chart click picked
if from_link in names:
    clicked = from_link
elif from_link is not None:
    share.ignore("click_theme", from_link, f"no {noun[:-1]} with that id in the reviews in view")
if clicked:
    st.session_state["theme_pick"] = clicked
    st.session_state["th-clicked"] = clicked
if st.session_state.get("th-clicked") in names:
    with notice.container():
        ui.click_note(
            "th",
            f"{names[st.session_state['th-clicked']]} ([its reviews and evidence passages "
            "↓](#evidence))",
            on_clear=_unclick,
        )
elif arriving and arriving not in names:
    share.ignore("theme", arriving, "no review in view raises it")
elif arriving in names:
    notice.info(
        f"Showing **{names[arriving]}**: [its reviews and evidence passages ↓](#evidence)",
        icon=":material/arrow_downward:",
    )
if st.session_state.get("theme_pick") not in names:
    st.session_state["theme_pick"] = next(iter(names))
theme_id = st.selectbox(
    LEVELS[level][:-1],
    list(names),
    key="theme_pick",
    format_func=lambda t: (
        f"{names[t]} ({int(recurring.set_index('theme_id').loc[t, 'reviews'])} reviews)"
    ),
)
ui.remember_in_url("theme", theme_id)
share.put("click_theme", st.session_state.get("th-clicked") if st.session_state.get(
    "th-clicked") in names else None)  # fmt: skip
evidence = data.query("evidence", theme=theme_id, limit=EVIDENCE_LIMIT)
raised_by = int(recurring.set_index("theme_id").loc[theme_id, "reviews"])
with st.container(key="theme-count"):  # a stable handle for browser tests
    st.markdown(
        f"**{names[theme_id]}** is raised by **{raised_by}** of the {total} reviews in view."
    )
compare.line(theme_id, level)


def _paper(fmt: str) -> Callable[[], bytes]:
    return lambda: data.paper(theme_id, level, fmt)


with st.container(key="board-paper", horizontal=True):
    for fmt, mime in (
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("pdf", "application/pdf"),
    ):
        st.download_button(
            f"Paper for the board ({fmt.upper()})",
            _paper(fmt),
            file_name=f"reviewgraph-paper-{theme_id}.{fmt}",
            mime=mime,
            key=f"paper-{fmt}",
            icon=":material/description:",
            on_click="ignore",
            help="A briefing on this theme for the reviews in view: the counts with their base, "
            "a chart, the strongest passages with review and page, the recommendations made on "
            "it and their status, and what recurs despite open actions "
            "(`reviewgraph paper` writes the same).",
        )
if evidence.empty:
    st.info("No evidence passages for this theme in the reviews in view.")
else:
    tab_passages, tab_reviews = ui.tabs(
        ["Evidence passages", "Reviews raising it"], key="th-evidence-view"
    )
    with tab_passages:
        if tab_passages.open:
            passages = ui.shared_once(evidence)
            ui.table(
                passages,
                key="th-evidence",
                name=f"evidence for {names[theme_id]}",
                columns=["reviews", "year", "passage", "document", "page", "cases"],
                column_config={
                    "reviews": st.column_config.TextColumn(
                        "Review",
                        width="medium",
                        help="The review the passage comes from; a briefing's passage said of "
                        "several of its cases names them all",
                    ),
                    "passage": st.column_config.TextColumn("Passage", width="large"),
                    "year": st.column_config.NumberColumn("Year of review", format="%d"),
                    "cases": st.column_config.NumberColumn(
                        "Cases", help="How many of the reviews in view the passage is evidence for"
                    ),
                },  # fmt: skip
                caption="Each passage that coded the theme, with the document and page it is on; "
                "a passage a briefing says of several of its cases is shown once, with the cases "
                "it covers. An empty passage means a register row tagged the theme.",
            )
    with tab_reviews:
        if tab_reviews.open:
            per_review = (
                evidence.groupby(["review_id", "type", "subject", "board", "year"], dropna=False)
                .agg(passages=("passage", "count"))
                .reset_index()
                .sort_values(["year", "review_id"], ascending=[False, True], ignore_index=True)
            )
            shown_note = (
                f"the {len(per_review)} most recent, from the newest {EVIDENCE_LIMIT} passages"
                if len(evidence) >= EVIDENCE_LIMIT
                else "all of them"
            )
            picked = ui.table(
                per_review,
                key="th-reviews",
                name=f"reviews on {names[theme_id]}",
                select=True,
                columns=["type", "subject", "board", "year", "passages"],
                column_config={
                    "year": st.column_config.NumberColumn("Year of review", format="%d")
                },
                caption=f"Reviews raising the theme ({shown_note}). Select a row (the box on "
                "its left) to open the review in the Case explorer.",
            )
            if picked is not None:
                ui.open_review(str(per_review.loc[picked, "review_id"]))
