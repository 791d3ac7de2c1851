"""Panels more than one page shows (the same question asked on the Overview and elsewhere)."""

from __future__ import annotations

import streamlit as st

from reviewgraph.dashboard import data, ui


def open_on_recurring_themes(
    *, key: str, detailed: bool = False, status: str | None = None
) -> None:
    """Older reviews' recommendations not marked complete, on a theme a newer review raised;
    with `status` (a click on the status chart), only those in that status."""
    ui.heading(
        "Still open while the theme comes back",
        "Recommendations of older reviews that no action plan marks complete, on a theme a "
        "newer review raises again: did we act on the lesson before it came back?",
    )
    rows = data.query("open_on_recurring_theme")
    if status is not None and not rows.empty:
        rows = rows[rows["status"].fillna("no action plan") == status].reset_index(drop=True)
        if rows.empty:
            st.info(f"No recommendation with status '{status}' sits on a recurring theme.")
            return
    if rows.empty:
        st.success("No open recommendation sits on a theme that a newer review raised again.")
        return
    rows["review"] = ui.review_names(rows)
    open_in_view = data.headline().get("open_recommendations", 0)
    columns = ["theme", "review", "number", "text", "status", "newer_reviews"]
    if detailed:
        columns += ["due", "latest_year"]
    picked = ui.table(
        rows,
        key=key,
        name="open on recurring theme",
        select=True,
        columns=columns,
        column_config={
            "theme": st.column_config.TextColumn("Theme", width="small"),
            "review": st.column_config.TextColumn("Review", width="medium"),
            "number": st.column_config.TextColumn("No.", width=40),
            "status": st.column_config.TextColumn("Status", width="small"),
            "text": st.column_config.TextColumn("Recommendation", width="large"),
            "newer_reviews": st.column_config.NumberColumn(
                "Newer reviews", help="Later reviews that raise the same theme again"
            ),
            "latest_year": st.column_config.NumberColumn("Theme last raised", format="%d"),
        },
        caption=f"{rows['recommendation_id'].nunique()} of the {open_in_view:,} open "
        "recommendations in view sit on a theme a newer review raised again (one row per "
        "theme). 'no action plan': no loaded action plan tracks it. Select a row (the box on "
        "its left) to open the review.",
    )
    if picked is not None:
        ui.open_review(str(rows.loc[picked, "review_id"]))
