"""Our board against the rest: a theme's share of our board's reviews beside the share
across all other boards (named query `board_theme_share`)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from reviewgraph.dashboard import data, ui


def shares(level: str) -> pd.DataFrame:
    """board_theme_share for the chosen board at `level` (empty when none is chosen). The
    boards filter is left out: the comparison is our board against every other board."""
    board = data.our_board()
    if not board:
        return pd.DataFrame()
    return data.query("board_theme_share", board=board, level=level, boards=[])


def sentence(row: dict[str, Any], board: str) -> str:
    """ "Information sharing: 8 of 12 of our reviews (67%), 41% elsewhere"."""
    ours = f"{int(row['reviews'])} of {int(row['our_reviews'])} of {board}'s reviews"
    if ui.known(row.get("percent")):
        ours += f" ({row['percent']:.0f}%)"
    others = (
        f"{row['others_percent']:.0f}% of the other boards' {int(row['other_reviews'])}"
        if ui.known(row.get("others_percent"))
        else "no reviews of other boards in view"
    )
    return f"**{row['theme']}**: {ours}; {others}"


def line(theme_id: str, level: str) -> None:
    """One sentence for one theme, under its evidence heading."""
    board = data.our_board()
    table = shares(level)
    if not board or table.empty:
        return
    rows = table[table["theme_id"] == theme_id]
    if rows.empty:
        st.markdown(f"None of {board}'s reviews in view raise it.")
        return
    with st.container(key="our-board-line"):
        st.markdown(sentence(rows.iloc[0].to_dict(), board))


def panel(level: str, noun: str) -> None:
    """The table of every theme: our share beside the rest's, with its CSV."""
    board = data.our_board()
    ui.heading(
        "Our board against the rest",
        f"The share of {board}'s reviews raising each of the {noun}, beside the share across "
        "all other boards' reviews in view."
        if board
        else "Choose 'Our board' in the sidebar (or set REVIEWGRAPH_OUR_BOARD) to set your own "
        "board's share of each theme beside every other board's.",
    )
    table = shares(level)
    if not board:
        return
    if table.empty:
        st.info(f"No review of {board} in view raises a {noun[:-1]}.")
        return
    ui.table(
        table,
        key="th-ours",
        name=f"{board} against the rest",
        columns=["theme", "reviews", "our_reviews", "percent", "others_percent",
                 "other_reviews_with_theme", "other_reviews"],
        column_config={
            "reviews": st.column_config.NumberColumn("Our reviews raising it"),
            "our_reviews": st.column_config.NumberColumn("Our reviews in view"),
            "percent": st.column_config.NumberColumn("Our share %", format="%.0f"),
            "others_percent": st.column_config.NumberColumn("Elsewhere %", format="%.0f"),
            "other_reviews_with_theme": st.column_config.NumberColumn("Elsewhere raising it"),
            "other_reviews": st.column_config.NumberColumn("Elsewhere in view"),
        },
        caption=f"Each {noun[:-1]} with {board}'s count and share beside all other boards' "
        "(the boards filter is not applied here; the other filters are).",
    )  # fmt: skip
