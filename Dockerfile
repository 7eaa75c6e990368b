# syntax=docker/dockerfile:1
# Çözüm application image: `docker build -t cozum .`, or through docker-compose.yml.
# The front ends are built once, with the committed lockfile; the image carries only the files.
FROM node:20-slim AS frontend
WORKDIR /frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run check && npm run build

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    COZUM_FRONTEND_DIR=/app/frontend/dist \
    COZUM_DATA_DIR=/var/lib/cozum

WORKDIR /app

# Dependencies first, in their own layer, so a code change does not reinstall them: a stub
# package is enough for pip to resolve and install everything pyproject.toml lists.
COPY pyproject.toml ./
RUN mkdir -p backend/cozum \
    && touch backend/cozum/__init__.py \
    && pip install . \
    && rm -rf backend build

# The whole repository, installed in editable mode: `cozum migrate` finds its Alembic scripts
# in /app/backend/migrations (outside the package) and the app serves the front ends built above.
COPY . .
COPY --from=frontend /frontend/dist /app/frontend/dist
RUN pip install --no-deps -e . \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/cozum --create-home cozum \
    && chown cozum:cozum /var/lib/cozum

USER cozum

EXPOSE 8000

# Liveness only (no database round trip); docker-compose.yml checks /readyz as well.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# `exec` hands PID 1 to the server, so `docker stop` reaches uvicorn for a graceful shutdown.
CMD ["sh", "-c", "cozum migrate && exec cozum serve --host 0.0.0.0 --port 8000"]
