# syntax=docker/dockerfile:1
# Entrega: one OCI image for the web (gunicorn), the rq workers, the scheduler and the migration Job.
#
#   docker build -t entrega:0.1.0 .
#   docker run --rm -p 8000:8000 -e SECRET_KEY=… -e DATABASE_URL=… entrega:0.1.0
#
# Nothing secret is baked in: every credential comes from the environment at run time (see README.md and
# helm/entrega/). Both stages use the same base so that the venv's interpreter path matches.
ARG PYTHON_IMAGE=python:3.11-slim

# ---------------------------------------------------------------------------------------------------------
# builder: compile the gettext catalogs, build a wheel of the project, install it and its dependencies into
# /opt/venv. Build tools stay in this stage.
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m pip install --upgrade pip build "babel>=2.14"

WORKDIR /src
COPY pyproject.toml README.md ./
COPY platform/ platform/
COPY plugins/ plugins/

# The .mo files are not in git (nor in the build context, see .dockerignore): compile them here so the wheel
# ships them as package data (translations/**/* in pyproject.toml).
RUN pybabel compile --statistics -d platform/entrega/web/translations -D messages \
 && ls platform/entrega/web/translations/*/LC_MESSAGES/messages.mo

RUN python -m build --wheel --outdir /wheels . \
 && python -m venv /opt/venv \
 && /opt/venv/bin/pip install /wheels/entrega-*.whl \
 && /opt/venv/bin/pip uninstall --yes pip

# ---------------------------------------------------------------------------------------------------------
# runtime: the venv and the few files read at run time; no compiler, no pip, no source tree.
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="entrega" \
      org.opencontainers.image.description="Delivery units at the centre of government" \
      org.opencontainers.image.version="0.1.0"

# psycopg[binary] bundles libpq and most dependencies ship manylinux wheels. WeasyPrint (the PDF reports)
# needs Pango and a font: installed here with the base's security updates; PDFs embed DejaVu.
RUN apt-get update \
 && apt-get upgrade --yes --no-install-recommends \
 && apt-get install --yes --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

# A fixed, unprivileged identity (Kubernetes runAsNonRoot checks the numeric UID).
RUN groupadd --system --gid 10001 entrega \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin entrega

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
COPY wsgi.py alembic.ini ./
COPY migrations/ migrations/
COPY tenants/ tenants/

# ENTREGA_ROOT (below) tells the installed package where alembic.ini, migrations/ and tenants/ are.
# The instance folder is the only place the app writes (mounted as an emptyDir under Kubernetes).
RUN mkdir -p /app/instance \
 && chown 10001:10001 /app/instance

# HOME is /tmp (writable: an emptyDir under Kubernetes), where gunicorn puts its control socket.
ENV PATH=/opt/venv/bin:$PATH \
    HOME=/tmp \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ENTREGA_INSTANCE_PATH=/app/instance \
    ENTREGA_ROOT=/app \
    GUNICORN_WORKERS=2 \
    GUNICORN_THREADS=4 \
    GUNICORN_TIMEOUT=60 \
    FORWARDED_ALLOW_IPS=127.0.0.1

USER 10001:10001

EXPOSE 8000

# No HEALTHCHECK: Kubernetes probes /healthz and /readyz. The worker, scheduler and migration Job override
# this command (`entrega worker …`, `entrega db upgrade`). gunicorn's worker processes count Prometheus metrics
# in files under PROMETHEUS_MULTIPROC_DIR (emptied at each start) so that /metrics adds them up.
CMD ["sh", "-c", "export PROMETHEUS_MULTIPROC_DIR=\"${PROMETHEUS_MULTIPROC_DIR:-/tmp/prometheus-multiproc}\" && rm -rf \"$PROMETHEUS_MULTIPROC_DIR\" && mkdir -p \"$PROMETHEUS_MULTIPROC_DIR\" && exec gunicorn wsgi:app --bind 0.0.0.0:8000 --workers \"$GUNICORN_WORKERS\" --threads \"$GUNICORN_THREADS\" --timeout \"$GUNICORN_TIMEOUT\" --forwarded-allow-ips \"$FORWARDED_ALLOW_IPS\" --access-logfile - --error-logfile -"]
