# The reviewgraph dashboard, for `docker compose up` (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY . /app
RUN pip install . \
    && useradd --create-home --uid 10001 reviewgraph
USER reviewgraph

EXPOSE 8501
# 0.0.0.0 inside the container only; compose publishes the port on 127.0.0.1, which is what
# restricts who reaches it (hence --no-login). Before publishing it anywhere else, set
# REVIEWGRAPH_DASHBOARD_PASSWORD or _AUTH_HEADER (the login then applies; docs/DASHBOARD.md).
CMD ["reviewgraph", "--backend", "neo4j", "dashboard", "--host", "0.0.0.0", "--port", "8501", "--no-login"]
