"""reviewgraph's dashboard: recurring patterns across safeguarding case reviews.

Run it with `reviewgraph dashboard` (which starts the store and binds to 127.0.0.1).
Nothing it shows is fetched from elsewhere: the page icons are the Material Symbols font
Streamlit bundles, but a `:material/…:` *page_icon* (the favicon) would be fetched from
fonts.gstatic.com, so the favicon is an emoji (drawn by the browser as a data: URL).
"""

from __future__ import annotations

import streamlit as st

from reviewgraph.dashboard import data, share
from reviewgraph.dashboard.auth import gate
from reviewgraph.dashboard.sidebar import filter_sidebar

st.set_page_config(layout="wide", page_title="reviewgraph", page_icon="🔗")
gate()  # the password or login proxy, when one is set: no page runs before it passes

pages = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("views/themes.py", title="Themes", icon=":material/category:"),
    st.Page("views/characteristics.py", title="Case characteristics", icon=":material/fact_check:"),
    st.Page("views/agencies.py", title="Agencies", icon=":material/apartment:"),
    st.Page("views/recommendations.py", title="Recommendations", icon=":material/checklist:"),
    st.Page("views/case_explorer.py", title="Case explorer", icon=":material/folder_open:"),
    st.Page("views/register.py", title="Register", icon=":material/table:"),
    st.Page("views/workbench.py", title="Cypher workbench", icon=":material/terminal:"),
]
if not data.read_only_mode():
    pages.append(st.Page("views/load.py", title="Load", icon=":material/upload:"))

page = st.navigation(pages)
share.begin(page.url_path)  # a view is a link: the URL's filters and clicks (share.py)
filter_sidebar()
page.run()
