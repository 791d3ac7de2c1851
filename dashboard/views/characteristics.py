"""Case characteristics: what happened in the cases (abuse types, kind of death, relationship,
circumstances), apart from the practice themes, and which practice themes recur with each."""

import streamlit as st

from reviewgraph.dashboard import charts, data, headline, share, ui

st.title("Case characteristics")
data.require_reviews()
numbers = headline.show()
st.caption(
    "What happened in the cases, not what practice got wrong or right: types of abuse or "
    "neglect, the kind of death, the victim-perpetrator relationship, circumstances such as "
    "separation. Found in a report's text or tagged by a register. Age group is the sidebar's "
    "age-band filter."
)
data.prefetch(("characteristics", {}), ("characteristic_themes", {}))
found = data.query("characteristics")
if found.empty:
    ui.no_rows("reviews with a case characteristic")
    st.stop()
total = numbers.get("reviews", int(found["reviews_in_view"].iloc[0]))
state = ui.chart(
    charts.bar(
        found,
        category="characteristic",
        value="reviews",
        title="Case characteristics (not practice themes)",
        category_title="Characteristic",
        value_title="Reviews",
        tooltip=["characteristic", "group_name", "reviews", "percent", "from_text",
                 "from_register"],
        colour="#8c510a",
        pick_field="characteristic_id",
    ),
    found,
    caption=f"Number of reviews (of the {total:,} in view) recording each characteristic. "
    "Click a bar to see the practice themes recurring in those cases below.",
    key="cc-bars",
    name="case characteristics",
    selectable=True,
)  # fmt: skip

st.divider()
ui.heading(
    "Practice themes in cases with a characteristic",
    "Which practice themes recur in the reviews of cases with it, beside their share among "
    "the other reviews in view.",
)
names = dict(zip(found["characteristic_id"], found["characteristic"], strict=True))
clicked = ui.clicked(state, "characteristic_id", key="cc-bars")
from_link = share.opened("click_characteristic")  # a shared view: its chart click
if from_link in names:
    clicked = from_link
elif from_link is not None:
    share.ignore("click_characteristic", from_link, "no such characteristic in the reviews in view")
if clicked in names:
    st.session_state["cc-pick"] = st.session_state["cc-clicked"] = clicked


def _unclick() -> None:
    for key in ("cc-clicked", "cc-pick"):
        st.session_state.pop(key, None)


share.put("click_characteristic", st.session_state.get("cc-clicked") if st.session_state.get(
    "cc-clicked") in names else None)  # fmt: skip
if st.session_state.get("cc-clicked") in names:
    ui.click_note("cc", names[st.session_state["cc-clicked"]], on_clear=_unclick)
if st.session_state.get("cc-pick") not in names:
    st.session_state["cc-pick"] = (
        "coercive_control" if "coercive_control" in names else next(iter(names))
    )
picked = st.selectbox("Characteristic", list(names), format_func=names.__getitem__,
                      key="cc-pick")  # fmt: skip
cross = data.query("characteristic_themes", characteristic=picked)
if cross.empty:
    st.info(f"No practice theme is raised by the reviews in view with {names[picked]}.")
    st.stop()
n = int(cross["reviews_with_characteristic"].iloc[0])
with st.container(key="cc-base"):
    st.markdown(f"**{names[picked]}**: {headline.of_reviews(n, numbers)}.")
ui.table(
    cross,
    key="cc-cross",
    name=f"practice themes with {names[picked]}",
    columns=["theme", "reviews", "percent", "others_percent", "others_with_theme", "others"],
    column_config={
        "reviews": st.column_config.NumberColumn(f"Reviews with {names[picked]}"),
        "percent": st.column_config.NumberColumn("% of them", format="%.0f"),
        "others_percent": st.column_config.NumberColumn("% of the others", format="%.0f"),
        "others_with_theme": st.column_config.NumberColumn("Other reviews raising it"),
        "others": st.column_config.NumberColumn("Other reviews in view"),
    },
    caption=f"Each practice theme raised by the {n} reviews with {names[picked]}, and its share "
    "among the other reviews in view.",
)
