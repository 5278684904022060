# WellOps production image: the frontend is built at image build time; the container migrates, then serves on :3000.
#   docker build -t wellops .
#   docker run -p 3000:3000 -e DATABASE_URL=postgresql://user:pw@db:5432/wellops \
#              -e WELLOPS_ALLOWED_ORIGINS=https://wellops.example.com -e API_URL=https://wellops.example.com wellops
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    REFLEX_USE_SYSTEM_BUN=1 REFLEX_TELEMETRY_ENABLED=false \
    PATH=/app/.tools/node_modules/.bin:$PATH \
    WELLOPS_DATA_DIR=/data WELLOPS_UPLOAD_DIR=/data/attachments

RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm curl unzip && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt && npm install --prefix /app/.tools bun@1.4.5

COPY . .
# Compile and build the frontend now, so the container starts fast (API_URL can be passed as a build arg).
ARG API_URL=http://localhost:3000
ENV API_URL=${API_URL}
RUN reflex export --frontend-only --no-zip --env prod

VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK CMD curl -fsS http://localhost:3000/ping || exit 1
# scripts/serve.py runs `reflex run --env prod --single-port` with dead granian workers respawned, restarts the
# server without rebuilding when it dies (from a warm standby), forwards SIGTERM from `docker stop` to the server's
# process group and escalates to SIGKILL after 8 s, inside docker's default 10 s grace (docs/operations.md).
STOPSIGNAL SIGTERM
CMD ["sh", "-c", "alembic upgrade head && python -m well_ops.cli create-admin-from-env && exec python scripts/serve.py --port 3000 --stop-timeout 8"]
