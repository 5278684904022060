"""Reflex configuration: everything comes from environment variables (see README)."""

import os

import reflex as rx

from well_ops.config import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="well_ops",
    db_url=_settings.database_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=_settings.allowed_origins,
    redis_url=_settings.redis_url or None,
    disable_plugins=[rx.plugins.SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="teal", gray_color="slate", radius="medium"))],
    frontend_port=int(os.environ.get("WELLOPS_PORT", "3000")),
    backend_port=int(os.environ.get("WELLOPS_PORT", "3000")),
)
