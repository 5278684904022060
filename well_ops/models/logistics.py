"""Equipment, deliveries to rigs and consumable usage."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlmodel import Field, SQLModel

from well_ops.models.base import UTCDateTime, enum_field, non_negative, text_field, utc_field


class EquipmentStatus(enum.StrEnum):
    available = "available"
    in_use = "in_use"
    maintenance = "maintenance"
    in_transit = "in_transit"


class Equipment(SQLModel, table=True):
    __tablename__ = "equipment"
    id: int | None = Field(default=None, primary_key=True)
    tag: str = Field(max_length=60, unique=True)
    name: str = Field(max_length=200)
    equipment_type: str = Field(default="", max_length=80)
    status: EquipmentStatus = enum_field(EquipmentStatus, EquipmentStatus.available)
    location: str = Field(default="", max_length=200)
    rig_id: int | None = Field(default=None, foreign_key="rigs.id", ondelete="SET NULL", index=True)
    serial_number: str = Field(default="", max_length=120)
    notes: str = text_field()
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class DeliveryStatus(enum.StrEnum):
    planned = "planned"
    in_transit = "in_transit"
    delivered = "delivered"
    cancelled = "cancelled"


class Delivery(SQLModel, table=True):
    __tablename__ = "deliveries"
    __table_args__ = tuple(non_negative("quantity", table="deliveries"))
    id: int | None = Field(default=None, primary_key=True)
    item: str = Field(max_length=200)
    quantity: float = 0.0
    unit: str = Field(default="", max_length=20)
    from_location: str = Field(default="", max_length=200)
    to_rig_id: int = Field(foreign_key="rigs.id", ondelete="CASCADE", index=True)
    equipment_id: int | None = Field(default=None, foreign_key="equipment.id", ondelete="SET NULL", index=True)
    eta: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    delivered_at: datetime | None = utc_field(None)
    status: DeliveryStatus = enum_field(DeliveryStatus, DeliveryStatus.planned)
    notes: str = text_field()
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class ConsumableUsage(SQLModel, table=True):
    __tablename__ = "consumable_usage"
    __table_args__ = tuple(non_negative("quantity", "cost_amount", table="consumable_usage"))
    id: int | None = Field(default=None, primary_key=True)
    rig_id: int = Field(foreign_key="rigs.id", ondelete="CASCADE", index=True)
    usage_date: date = Field(index=True)
    item: str = Field(max_length=200)
    quantity: float = 0.0
    unit: str = Field(default="", max_length=20)
    cost_amount: float = 0.0
    currency: str = Field(default="USD", max_length=3)
    created_at: datetime = utc_field()
