"""The hostile-input probe's ammunition: every public event handler of the app's states, and forged payloads.

Handlers are found by walking the compiled app's state tree (``rx.State.get_substates()`` recursively), keeping
every state defined under ``well_ops`` (Reflex's own internal states are skipped, and so is Reflex's generic
``setvar``, which only forwards to the explicit ``set_*`` handlers probed here directly: automatic setters are
off). Payloads come from each handler's signature: wrong types, 200 KB strings (the socket caps a message at
1 MB), negative and huge ids, other users' ids, empty payloads and unknown extra arguments. No payload names a
real user's e-mail, so failed logins can never lock a demo account.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, get_origin

import reflex as rx

import well_ops.well_ops  # noqa: F401  (registers every state and page, as in the running app)
from well_ops.state.auth import AuthState

HUGE = "A" * 200_000
SKIPPED_HANDLERS = {"setvar"}
# Handlers that end the client's own session run last in a batch (the rest should run logged in).
RUN_LAST = {(AuthState.__name__, "logout")}
# Paths sent as router data: detail pages read their record id from the URL, which is client input too.
PATHS = ["/", "/campaigns/-1", "/wells/99999999999999999999", "/campaigns/abc", "/wells/1%20OR%201=1", "/tasks/-1",
         "/tasks/abc"]

ID_VALUES: list[Any] = [-1, 2**63, "abc", {"$gt": 0}, [1, 2], None, "1 OR 1=1", 1e308, "", "-5"]
INT_VALUES: list[Any] = [-1, 2**63, "abc", {"x": 1}, [1], None, 1e308, "9" * 40, "", -(2**63)]
STR_VALUES: list[Any] = [HUGE, {"x": {"y": 1}}, [1, 2], None, -1, 2**63, "../../../etc/passwd",
                         "<script>alert(1)</script>", "' OR 1=1 --", ""]
BOOL_VALUES: list[Any] = ["maybe", {"x": 1}, [1], None, 2**63, "false", HUGE, -1, "", []]
LIST_VALUES: list[Any] = [[], HUGE, {"x": 1}, None, [{"lat": HUGE, "lon": None}], [None] * 500, -1, "abc",
                          [[1, [2, [3]]]], [{"name": "x"}]]
ANY_VALUES: list[Any] = [HUGE, {"x": {"y": [1]}}, [1, 2], None, -1, 2**63, "", 1e308, "<img src=x>", True]


def _form_values() -> list[Any]:
    """Forged forms: not a dict at all, empty, every usual field with a wrong type, huge, or absurd."""
    fields = ["id", "name", "email", "password", "current_password", "new_password", "confirm", "role", "team_id",
              "code", "status", "amount", "description", "well_id", "rig_id", "campaign_id", "quantity", "tag",
              "report_date", "depth_md_m", "latitude", "longitude", "planned_date", "eta", "user_id", "actor",
              "entity", "action", "date_from", "date_to", "currency", "value", "notes"]
    wrong_type = {f: {"$ne": None} for f in fields}
    absurd = {"id": 2**63, "name": "", "email": "nobody@probe.invalid", "password": "short", "role": "root",
              "team_id": -1, "amount": "-1e308", "quantity": "NaN", "latitude": "999", "longitude": "-999",
              "report_date": "2026-13-45", "depth_md_m": "-1", "status": "<script>", "unexpected_field": True}
    huge = {"name": HUGE, "description": HUGE[:150_000], "email": "x" * 1000 + "@probe.invalid"}
    nested = {f: [[{"x": 1}]] for f in fields}
    return [{}, HUGE, [1, 2], None, 12, wrong_type, absurd, huge, nested, "' OR 1=1 --"]


FORM_VALUES = _form_values()


@dataclass(frozen=True)
class Target:
    """One public event handler: its state, name, full event name and parameter kinds."""

    state: type
    name: str
    params: tuple[tuple[str, str], ...]  # (name, kind)

    @property
    def event(self) -> str:
        return f"{self.state.get_full_name()}.{self.name}"

    @property
    def label(self) -> str:
        return f"{self.state.__name__}.{self.name}"


def _walk(state: type) -> Iterator[type]:
    for sub in sorted(state.get_substates(), key=lambda s: s.get_full_name()):
        yield sub
        yield from _walk(sub)


def app_states() -> list[type]:
    """Every state class of the compiled app defined under ``well_ops``."""
    return [s for s in _walk(rx.State) if s.__module__.startswith("well_ops.")]


def _resolved(annotation: Any) -> Any:
    """A string annotation (``from __future__ import annotations``) as the builtin type it names, if simple."""
    if isinstance(annotation, str):
        head = annotation.split("[", 1)[0].strip()
        return {"int": int, "bool": bool, "str": str, "dict": dict, "list": list}.get(head, annotation)
    return annotation


def _kind(name: str, annotation: Any) -> str:
    annotation = _resolved(annotation)
    origin = get_origin(annotation) or annotation
    if annotation is bool:
        return "bool"
    if annotation is int or name in ("index", "step"):
        return "int"
    if name == "row_id" or name.endswith("_id"):
        return "id"
    if origin is dict:
        return "dict"
    if origin is list:
        return "list"
    if annotation is str:
        return "str"
    return "any"


def targets() -> list[Target]:
    """Every public handler of every app state (the session-ending ones last)."""
    found: list[Target] = []
    for state in app_states():
        for name, handler in state.event_handlers.items():
            if name.startswith("_") or name in SKIPPED_HANDLERS:
                continue
            sig = inspect.signature(handler.fn)
            params = tuple((p.name, _kind(p.name, p.annotation)) for p in list(sig.parameters.values())[1:]
                           if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))
            found.append(Target(state, name, params))
    return sorted(found, key=lambda t: (t.state.__name__, t.name) in RUN_LAST)


def _values(kind: str, param: str, others: dict[str, Any]) -> list[Any]:
    base = {"id": ID_VALUES, "int": INT_VALUES, "str": STR_VALUES, "bool": BOOL_VALUES, "dict": FORM_VALUES,
            "list": LIST_VALUES, "any": ANY_VALUES}[kind]
    owned = others.get(param)  # an id that exists but belongs to another user
    return [*base, owned] if owned is not None else base


def payload(target: Target, i: int, others: dict[str, Any]) -> dict[str, Any]:
    """The i-th forged payload of a handler (rotating through every parameter's list of bad values).

    Variant 0 is the empty payload and variant 1 adds an unknown argument. When one parameter gets another
    user's (existing) id, every other parameter keeps a bad value, so no variant is a legitimate request.
    """
    if i % 12 == 0:
        return {}
    values = {name: _values(kind, name, others) for name, kind in target.params}
    chosen = {name: vals[i % len(vals)] for name, vals in values.items()}
    if i % 12 == 1:
        chosen["probe_unknown_kwarg"] = {"x": HUGE[:1000]}
    return chosen


def variant_count(target: Target, others: dict[str, Any]) -> int:
    """How many distinct payloads ``payload`` yields for this handler (the full set for the anonymous client)."""
    lengths = [len(_values(kind, name, others)) for name, kind in target.params]
    return max([2, *[n + 1 for n in lengths]])
