"""HTML5 drag and drop without a dependency: a div that declares the drag events as event triggers.

``rx.el.div(on_drag_start=...)`` is refused (the div declares no such trigger); this subclass declares them.
A drop target must cancel ``dragover`` for the browser to allow a drop: ``allow_drop`` does that in the browser
alone (no round trip to the server on every mouse move).
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import no_args_event_spec
from reflex_components_core.el.elements.typography import Div


class DragDiv(Div):
    """A ``<div>`` with ``on_drag_start``, ``on_drag_end``, ``on_drag_over``, ``on_drag_leave`` and ``on_drop``."""

    on_drag_start: rx.EventHandler[no_args_event_spec]
    on_drag_end: rx.EventHandler[no_args_event_spec]
    on_drag_over: rx.EventHandler[no_args_event_spec]
    on_drag_leave: rx.EventHandler[no_args_event_spec]
    on_drop: rx.EventHandler[no_args_event_spec]


allow_drop = rx.prevent_default  # browser-side only: lets the element accept a drop


def draggable(*children: rx.Component, on_drag_start: Any, on_drag_end: Any = None, **props: Any) -> rx.Component:
    """An element the user can pick up with the mouse."""
    extra = {"on_drag_end": on_drag_end} if on_drag_end is not None else {}
    return DragDiv.create(*children, draggable=True, on_drag_start=on_drag_start, **extra, **props)


def drop_target(*children: rx.Component, on_drop: Any, stop: bool = False, **props: Any) -> rx.Component:
    """An element that accepts a dropped element; ``stop`` keeps the drop from reaching the targets around it."""
    event = on_drop.prevent_default.stop_propagation if stop else on_drop.prevent_default
    return DragDiv.create(*children, on_drag_over=allow_drop, on_drop=event, **props)
