"""Create / Update / Read schemas of equipment, deliveries and consumable usage (validated input, plain output)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any

from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from well_ops.models.logistics import DeliveryStatus, EquipmentStatus


def _currency(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) != 3 or not value.isalpha():
        raise ValueError("use a 3-letter currency code such as USD")
    return value


def aware_utc(value: Any) -> Any:
    """A timezone-aware UTC datetime from a datetime, a date (midnight UTC) or an ISO string; naive means UTC.

    Accepts what the form sends (``2026-03-01T14:30`` from a datetime-local input, ``2026-03-01 14:30``) and
    full ISO strings with an offset or ``Z``. Anything else is returned unchanged for pydantic to refuse.
    """
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise ValueError("use a date and time such as 2026-03-01 14:30 (UTC)") from None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    if isinstance(value, datetime):
        try:
            return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
        except OverflowError:  # e.g. 0001-01-01T00:00+00:01 lies before year 1 in UTC
            raise ValueError("the date is out of range") from None
    return value


def _join_date_time(data: Any, name: str) -> Any:
    """Form input split in ``<name>_date`` + ``<name>_time`` becomes one ``<name>`` value."""
    if not isinstance(data, dict) or f"{name}_date" not in data or data.get(name) not in (None, ""):
        return data
    data = dict(data)
    day, clock = data.pop(f"{name}_date"), data.pop(f"{name}_time", None) or "00:00"
    data[name] = f"{day} {clock}" if day not in (None, "") else None
    return data


# ----------------------------------------------------------------------------------------------------- equipment


class EquipmentCreate(SQLModel):
    tag: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    equipment_type: str = Field(default="", max_length=80)
    status: EquipmentStatus = EquipmentStatus.available
    location: str = Field(default="", max_length=200)
    rig_id: int | None = None
    serial_number: str = Field(default="", max_length=120)
    notes: str = Field(default="", max_length=4000)

    @field_validator("tag")
    @classmethod
    def _tag(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("give the equipment tag")
        return v


class EquipmentUpdate(SQLModel):
    tag: str | None = Field(default=None, min_length=1, max_length=60)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    equipment_type: str | None = Field(default=None, max_length=80)
    status: EquipmentStatus | None = None
    location: str | None = Field(default=None, max_length=200)
    rig_id: int | None = None
    serial_number: str | None = Field(default=None, max_length=120)
    notes: str | None = Field(default=None, max_length=4000)

    @field_validator("tag")
    @classmethod
    def _tag(cls, v: str | None) -> str | None:
        if v is not None and not v.strip():
            raise ValueError("give the equipment tag")
        return None if v is None else v.strip()


class EquipmentRead(SQLModel):
    id: int
    tag: str
    name: str
    equipment_type: str
    status: EquipmentStatus
    location: str
    rig_id: int | None
    rig_name: str = ""
    serial_number: str
    notes: str = ""


# ---------------------------------------------------------------------------------------------------- deliveries


class DeliveryCreate(SQLModel):
    item: str = Field(min_length=1, max_length=200)
    quantity: float = Field(default=0.0, ge=0)
    unit: str = Field(default="", max_length=20)
    from_location: str = Field(default="", max_length=200)
    to_rig_id: int
    equipment_id: int | None = None
    eta: datetime
    delivered_at: datetime | None = None
    status: DeliveryStatus = DeliveryStatus.planned
    notes: str = Field(default="", max_length=4000)

    @model_validator(mode="before")
    @classmethod
    def _split_fields(cls, data: Any) -> Any:
        return _join_date_time(_join_date_time(data, "eta"), "delivered_at")

    _when = field_validator("eta", "delivered_at", mode="before")(aware_utc)


class DeliveryUpdate(SQLModel):
    item: str | None = Field(default=None, min_length=1, max_length=200)
    quantity: float | None = Field(default=None, ge=0)
    unit: str | None = Field(default=None, max_length=20)
    from_location: str | None = Field(default=None, max_length=200)
    to_rig_id: int | None = None
    equipment_id: int | None = None
    eta: datetime | None = None
    delivered_at: datetime | None = None
    status: DeliveryStatus | None = None
    notes: str | None = Field(default=None, max_length=4000)

    @model_validator(mode="before")
    @classmethod
    def _split_fields(cls, data: Any) -> Any:
        return _join_date_time(_join_date_time(data, "eta"), "delivered_at")

    _when = field_validator("eta", "delivered_at", mode="before")(aware_utc)


class DeliveryRead(SQLModel):
    id: int
    item: str
    quantity: float
    unit: str
    from_location: str
    to_rig_id: int
    rig_name: str = ""
    equipment_id: int | None
    equipment_tag: str = ""
    eta: datetime
    delivered_at: datetime | None
    status: DeliveryStatus
    notes: str = ""
    is_late: bool = False  # not delivered or cancelled, and the ETA has passed


# --------------------------------------------------------------------------------------------------- consumables


class ConsumableUsageCreate(SQLModel):
    rig_id: int
    usage_date: date
    item: str = Field(min_length=1, max_length=200)
    quantity: float = Field(default=0.0, ge=0)
    unit: str = Field(default="", max_length=20)
    cost_amount: float = Field(default=0.0, ge=0)
    currency: str = "USD"

    _cur = field_validator("currency")(_currency)


class ConsumableUsageUpdate(SQLModel):
    rig_id: int | None = None
    usage_date: date | None = None
    item: str | None = Field(default=None, min_length=1, max_length=200)
    quantity: float | None = Field(default=None, ge=0)
    unit: str | None = Field(default=None, max_length=20)
    cost_amount: float | None = Field(default=None, ge=0)
    currency: str | None = None

    @field_validator("currency")
    @classmethod
    def _cur(cls, v: str | None) -> str | None:
        return None if v is None else _currency(v)


class ConsumableUsageRead(SQLModel):
    id: int
    rig_id: int
    rig_name: str = ""
    usage_date: date
    item: str
    quantity: float
    unit: str
    cost_amount: float
    currency: str
