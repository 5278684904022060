"""The REST API: a FastAPI app mounted on the Reflex backend (``rx.App(api_transformer=api_app)``), same port.

Every route calls the same service function as the UI, so permissions, validation and the audit trail are the
same by construction. Documentation: ``/api/docs`` (Swagger UI served from the ``swagger-ui-bundle`` package, no
CDN) and ``/api/openapi.json``. CORS is added by Reflex from ``cors_allowed_origins`` (WELLOPS_ALLOWED_ORIGINS):
this app adds no CORS middleware of its own.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from well_ops.api import (
    admin_routes,
    attachments,
    auth_routes,
    barrier_routes,
    dashboard_routes,
    docs_spec,
    drilling_routes,
    errors,
    integrity_routes,
    logistics_routes,
    measurement_routes,
    report_routes,
    task_routes,
    webhook_routes,
)
from well_ops.api.deps import check_json_body

API_VERSION = "1.0.0"
PREFIX = "/api"
OPENAPI_URL = f"{PREFIX}/openapi.json"
ASSETS_URL = f"{PREFIX}/docs-assets"
DOCS_SPEC_URL = f"{PREFIX}/docs/openapi-3.0.json"  # what the bundled Swagger UI 4 can render (see docs_spec)

DESCRIPTION = """
The WellOps REST API: the same use-cases as the web app, with the same permissions, validation and audit trail.

**Authentication.** `POST /api/auth/login` with `{"email", "password"}` returns a bearer token; send it as
`Authorization: Bearer <token>`. SCADA / ERP clients use a machine token issued by an administrator
(`POST /api/admin/api-tokens`). Tokens are refused as soon as they are revoked, expire or their user is deactivated.

**Units.** SI, named in the fields: `_m` metres, `_bar` bar, `_bar_per_m`, `_sg` specific gravity; datetimes are
ISO 8601 in UTC, dates `YYYY-MM-DD`.

**Lists.** `limit` (1-500, default 50), `offset`, `sort=field` or `sort=-field` (fields listed per route) and
filters; the answer is `{items, total, limit, offset}`.

**Errors.** `{"detail": "message"}`; 422 gives `{"detail": [{"loc": ["body", field], "msg", "type"}]}`.
"""

api_app = FastAPI(title="WellOps API", version=API_VERSION, description=DESCRIPTION, docs_url=None, redoc_url=None,
                  openapi_url=OPENAPI_URL)
errors.install(api_app)

api = APIRouter(prefix=PREFIX, dependencies=[Depends(check_json_body)])
for router in (auth_routes.router, admin_routes.users_router, admin_routes.tokens_router,
               drilling_routes.campaigns_router, drilling_routes.rigs_router, drilling_routes.wells_router,
               drilling_routes.milestones_router, report_routes.router, logistics_routes.equipment_router,
               logistics_routes.deliveries_router, logistics_routes.consumables_router, dashboard_routes.router,
               task_routes.router, task_routes.checklist_router, task_routes.notifications_router,
               webhook_routes.router,
               integrity_routes.architecture_router, integrity_routes.annuli_router, barrier_routes.barriers_router,
               barrier_routes.snapshots_router):
    api.include_router(router)
api.include_router(attachments.router)
api_app.include_router(api)
api_app.include_router(measurement_routes.router)  # own JSON checks: see the module

api_app.mount(ASSETS_URL, StaticFiles(directory=swagger_ui_path), name="docs-assets")


@api_app.get(f"{PREFIX}/docs", include_in_schema=False)
def docs() -> HTMLResponse:
    """Swagger UI with its JavaScript and CSS served by this app (works offline)."""
    return get_swagger_ui_html(
        openapi_url=DOCS_SPEC_URL, title="WellOps API docs",
        swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js", swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None, "persistAuthorization": True},
    )


@api_app.get(DOCS_SPEC_URL, include_in_schema=False)
def docs_spec_30() -> JSONResponse:
    """The OpenAPI document in the 3.0 dialect, for the docs page only (clients use /api/openapi.json)."""
    return JSONResponse(docs_spec.openapi_30(api_app.openapi()))
