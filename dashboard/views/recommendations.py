"""Recommendations: search them, see which repeat across reviews, and what action plans say."""

import streamlit as st

from reviewgraph.dashboard import charts, data, headline, panels, share, ui
from reviewgraph.dashboard.sidebar import describe

st.title("Recommendations")
data.require_reviews()
numbers = headline.show()
st.caption(
    f"What reviews asked agencies to do, and whether it was done. Reviews in view: "
    f"{describe(data.filters())}."
)

data.prefetch(
    ("action_status", {}),
    ("recommendation_clusters", {}),
    ("repeat_recommendations", {}),
    ("similar_recommendations", {}),
    ("open_on_recurring_theme", {}),
    ("reviews", {"limit": ui.REVIEW_PICKER_LIMIT}),
)

# -- search ----------------------------------------------------------------------------------
ui.heading("Search", "Find words in recommendations, findings and evidence passages.")
KINDS = {"Recommendation": "Recommendations", "Finding": "Findings", "Passage": "Passages"}
left, right = st.columns([1, 1])
words = left.text_input(
    "Words to find",
    key="rec-search",
    placeholder="e.g. telephone referral in writing",
    help="Every word must appear; endings are matched loosely (assess finds assessment).",
)
kinds = right.pills(
    "Search in", list(KINDS), format_func=KINDS.__getitem__, selection_mode="multi",
    key="rec-kinds", help="Leave all off to search everything.",
)  # fmt: skip
if words.strip():
    hits = data.query("search", text=words, kinds=list(kinds or []))
    if hits.empty:
        st.info(f"Nothing in the reviews in view contains all of: {words}")
    else:
        picked = ui.table(
            hits,
            key="rec-hits",
            name=f"search {words}",
            select=True,
            columns=["kind", "type", "subject", "year", "text", "document", "page"],
            column_config={
                "kind": st.column_config.TextColumn("Found in"),
                "text": st.column_config.TextColumn("Text", width="large"),
                "year": st.column_config.NumberColumn("Year of review", format="%d"),
            },
            caption=f"{len(hits)} results containing all the words, best match first. Select a "
            "row (the box on its left) to open its review.",
        )
        if picked is not None and isinstance(hits.loc[picked, "review_id"], str):
            ui.open_review(hits.loc[picked, "review_id"])

# -- status ----------------------------------------------------------------------------------
st.divider()
status = data.query("action_status")
picked_status: str | None = None
from_link = share.opened("click_status")  # a shared view: the status its chart click picked
if from_link is not None:
    if not status.empty and from_link in set(status["status"].astype(str)):
        st.session_state["click-rec-status"] = from_link
    else:
        share.ignore("click_status", from_link, "no recommendation in that status in view")
if not status.empty:
    left, right = st.columns([2, 3])
    with left:
        status_state = ui.chart(
            charts.bar(
                status,
                category="status",
                value="recommendations",
                title="Recommendations by action-plan status",
                category_title="Status",
                value_title="Recommendations",
                sort_by_value=False,
                colour="#8c6bb1",
                pick_field="status",
            ),
            status,
            key="rec-status",
            name="recommendation status",
            caption="Number of recommendations in each status (of the "
            f"{numbers.get('recommendations', 0):,} made by the reviews in view, "
            f"{numbers.get('open_recommendations', 0):,} not complete), from the loaded action "
            "plans; 'no action plan' means none tracks it. Click a bar to list only that status "
            "in the tables below.",
            selectable=True,
        )
        picked_status = ui.click_filter(status_state, "status", key="rec-status")
    with right:
        ui.table(
            status,
            key="rec-status-table",
            name="recommendation status table",
            column_config={
                "reviews": st.column_config.NumberColumn("Reviews they come from"),
                "percent": st.column_config.NumberColumn("% of recommendations"),
            },
            caption="The same counts as a table.",
        )

share.put("click_status", picked_status)
if picked_status:
    ui.click_note(
        "rec-status",
        f"status {picked_status} (the pairs of recommendations and the open ones on a "
        "recurring theme below)",
    )

# -- repeated across reviews -----------------------------------------------------------------
st.divider()
ui.heading(
    "Recommendations repeated across reviews",
    "The same lesson made again by different reviews: in nearly the same words, or to the same "
    "agency on the same theme.",
)
wording, reworded, addressee = ui.tabs(
    ["Nearly the same words", "In other words", "Same agency, same theme"], key="rec-repeat-view"
)
with wording:
    if wording.open:
        clusters = data.query("recommendation_clusters")
        if clusters.empty:
            st.info(
                "No group of near-identical recommendations among the reviews in view (the groups "
                "are computed when reviews are loaded)."
            )
        else:
            ui.table(
                clusters,
                key="rec-clusters",
                name="repeated recommendations",
                columns=["example", "reviews", "first_year", "last_year", "texts"],
                column_config={
                    "example": st.column_config.TextColumn(
                        "Recommendation (example)", width="large"
                    ),
                    "texts": st.column_config.ListColumn("All the wordings"),
                    "first_year": st.column_config.NumberColumn("First made", format="%d"),
                    "last_year": st.column_config.NumberColumn("Last made", format="%d"),
                },
                caption="One row per group of near-identical recommendations: how many reviews "
                "made it and when.",
            )
with reworded:
    if reworded.open:
        pairs = data.query("similar_recommendations")
        if picked_status and not pairs.empty:
            either = pairs[["first_status", "second_status"]].fillna("no action plan")
            pairs = pairs[either.eq(picked_status).any(axis=1)].reset_index(drop=True)
        if pairs.empty:
            st.info(
                "No two reviews in view made recommendations worded alike (similarity is computed "
                "when reviews are loaded)."
            )
        else:
            ui.table(
                pairs,
                key="rec-similar",
                name="similar recommendations",
                columns=[
                    "score",
                    "first_year",
                    "first_text",
                    "first_status",
                    "second_year",
                    "second_text",
                    "second_status",
                ],  # fmt: skip
                column_config={
                    "score": st.column_config.ProgressColumn(
                        "Alike",
                        min_value=0.0,
                        max_value=1.0,
                        format="%.2f",
                        help="Text similarity of the two recommendations (1 = the same words)",
                    ),  # fmt: skip
                    "first_year": st.column_config.NumberColumn("Earlier review", format="%d"),
                    "first_text": st.column_config.TextColumn(
                        "Earlier recommendation", width="large"
                    ),
                    "first_status": st.column_config.TextColumn("Its status", width="small"),
                    "second_year": st.column_config.NumberColumn("Later review", format="%d"),
                    "second_text": st.column_config.TextColumn(
                        "Later recommendation", width="large"
                    ),
                    "second_status": st.column_config.TextColumn("Its status", width="small"),
                },
                caption="Pairs of recommendations from two reviews that say much the same, most "
                "alike first: a lesson made again, often in other words. The CSV has the reviews "
                "and agencies.",
            )
with addressee:
    if addressee.open:
        repeats = data.query("repeat_recommendations")
        if repeats.empty:
            st.info("No agency received recommendations on the same theme from two reviews.")
        else:
            ui.table(
                repeats,
                key="rec-repeats",
                name="repeat recommendations by agency",
                columns=["agency", "theme", "reviews", "first_year", "last_year", "texts"],
                column_config={
                    "texts": st.column_config.ListColumn("Recommendations", width="large"),
                    "first_year": st.column_config.NumberColumn("First made", format="%d"),
                    "last_year": st.column_config.NumberColumn("Last made", format="%d"),
                },
                caption="One row per agency and theme addressed by two or more reviews.",
            )

# -- open on recurring themes ----------------------------------------------------------------
st.divider()
panels.open_on_recurring_themes(key="rec-open", detailed=True, status=picked_status)
