"""Register: the records of a register (such as the DHRD) counted on their own, like the DHRD
explorer: by region, partnership, year of the death or incident, and tag."""

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from reviewgraph.dashboard import charts, data, headline, share, ui

st.title("Register")
data.require_reviews()
headline.show()
st.caption(
    "Register records are rows of a register of reviews: fields and tags, no report read. They "
    "are counted here, on their own, and left out of the practice-theme pages unless 'Include "
    "register records' is on. The other sidebar filters apply."
)
# (by, chart title, axis title, colour); the query counts every record in view once per value
VIEWS = [
    ("region", "Register records by region", "Region", "#1f4e79"),
    ("board", "Register records by partnership", "Partnership (board)", "#2ca02c"),
    ("characteristic", "Register records by tag (case characteristics)", "Tag", "#8c6bb1"),
]
TOP = 30
# A click on a chart narrows every chart here to the records with that value; each such
# filter is shown with a Clear button. (chart key, query parameter, what the notice calls it)
NARROW = {"incident_year": ("rg-year", "incident_year", "year of death or incident"),
          "region": ("rg-region", "region", "region"),
          "board": ("rg-board", "boards", "partnership"),
          "characteristic": ("rg-characteristic", "tag", "tag")}  # fmt: skip
# The same click filters in the URL, so a link opens them: by -> its parameter
LINKED = {"region": "click_region", "board": "click_partnership",
          "incident_year": "click_incident_year", "characteristic": "click_tag"}  # fmt: skip


def _from_link() -> None:
    """On a session's opening run, the click filters the link gives (a value no register
    record in view has is ignored, with a note)."""
    found = {}
    for by, param in LINKED.items():
        value = share.opened(param)
        if value is None:
            continue
        counts = data.query("register_counts", by=by, include_register=True)
        keys = {str(k).removesuffix(".0"): v for k, v in
                zip(counts.get("key", []), counts.get("value", counts.get("key", [])),
                    strict=False)}  # fmt: skip
        if value in keys:
            found[by] = (value, str(keys[value]) if ui.known(keys[value]) else value)
        else:
            share.ignore(param, value, f"no register record in view with that {NARROW[by][2]}")
    if found:
        st.session_state["rg-clicks"] = found


_from_link()
clicks: dict[str, tuple[str, str]] = dict(st.session_state.get("rg-clicks", {}))  # by: key, name
for _by, _param in LINKED.items():
    share.put(_param, clicks[_by][0] if _by in clicks else None)


def _unclick(by: str) -> None:
    remaining = dict(st.session_state.get("rg-clicks", {}))
    remaining.pop(by, None)
    st.session_state["rg-clicks"] = remaining
    ui.clear_click(NARROW[by][0])  # the chart forgets the click too


def narrowed() -> dict[str, Any]:
    """The query parameters of the click filters in force."""
    out: dict[str, Any] = {}
    for by, (key, _name) in clicks.items():
        param = NARROW[by][1]
        out[param] = int(key) if by == "incident_year" else [key] if param == "boards" else key
    return out


def counts_by(by: str) -> pd.DataFrame:
    return data.query("register_counts", by=by, include_register=True, **narrowed())


if not clicks:
    data.prefetch(*[("register_counts", {"by": by}) for by in ("region", "board",
                                                               "incident_year",
                                                               "characteristic")])  # fmt: skip
years = counts_by("incident_year")
if years.empty and not clicks:
    st.info(
        "No register records in view. Load a register with `reviewgraph load --register FILE "
        "--mapping NAME` (e.g. the DHRD: `--mapping dhrd`) or on the Load page.",
        icon=":material/table:",
    )
    st.stop()
for by, (_key, name) in clicks.items():
    ui.click_note(f"rg-{by}-filter", f"{NARROW[by][2]} {name}", on_clear=partial(_unclick, by))
total = int(years["records_in_view"].iloc[0]) if not years.empty else 0
with st.container(key="register-total"):
    st.markdown(f"**{total:,} register records in view.**")
states: dict[str, object] = {}
value_names: dict[str, dict[str, str]] = {}
dated = years.dropna(subset=["key"]).astype({"key": int}).sort_values("key")
undated = total - int(dated["records"].sum()) if total else 0
states["incident_year"] = ui.chart(
    charts.columns(
        dated.rename(columns={"key": "incident_year"}),
        x="incident_year",
        value="records",
        title="Register records by year of death or incident",
        x_title="Year of death or incident",
        value_title="Records",
        pick_field="incident_year",
    ),
    years,
    caption=f"Records per year of the death or incident (not the year of the review; "
    f"{undated} with no known date not shown). Click a bar to count only that year's records "
    "in every chart here.",
    key="rg-year",
    name="register records by incident year",
    selectable=True,
)
for by, title, axis, colour in VIEWS:
    counts = counts_by(by)
    if counts.empty:
        continue
    counts["value"] = counts["value"].fillna("not known")
    shown = counts.head(TOP)
    states[by] = ui.chart(
        charts.bar(
            shown,
            category="value",
            value="records",
            title=title,
            category_title=axis,
            value_title="Records",
            tooltip=["value", "records", "percent"],
            colour=colour,
            pick_field="key",
        ),
        counts,
        caption=f"Number of the {total:,} register records in view for each "
        f"{axis.lower()}"
        + (f" (the {TOP} with most; the CSV has all)." if len(counts) > TOP else ".")
        + (" A record may carry several tags; a FALSE tag is 'not tagged', not 'absent'."
           if by == "characteristic" else "")
        + " Click a bar to count only its records in every chart here.",
        key=f"rg-{by}",
        name=title.lower(),
        selectable=True,
    )  # fmt: skip
    value_names[by] = dict(zip(counts["key"].astype(str), counts["value"], strict=False))
# A click: narrow every chart to it (the next run draws them so).
for by, state in states.items():
    key = ui.clicked(state, "incident_year" if by == "incident_year" else "key",
                     key=NARROW[by][0])  # fmt: skip
    if key is not None and by not in clicks:
        name = value_names.get(by, {}).get(key, key)
        st.session_state["rg-clicks"] = {**clicks, by: (key, name)}
        st.rerun()
