"""Demo rigs, campaigns, wells with plans, daily reports, milestones and logistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from well_ops.domain import kpis
from well_ops.models.drilling import (
    AfeSupplement,
    Campaign,
    CampaignRig,
    CampaignStatus,
    Milestone,
    MilestoneKind,
    Rig,
    RigStatus,
    RigType,
    Well,
    WellPlanPoint,
    WellStatus,
    WellType,
)
from well_ops.models.logistics import ConsumableUsage, Delivery, DeliveryStatus, Equipment, EquipmentStatus
from well_ops.models.reports import ActivityClass, CostLine, DailyReport, TimeLogLine
from well_ops.models.users import User
from well_ops.services.context import Context

RIGS = [  # name, type, contractor, status, lat, lon, day rate USD
    ("Nordic Star", RigType.semi_submersible, "Nordsea Drilling AS", RigStatus.drilling, 61.25, 2.18, 385_000),
    ("Brent Lancer", RigType.jack_up, "Lancer Offshore", RigStatus.drilling, 56.42, 3.05, 165_000),
    ("Gulf Voyager", RigType.drillship, "Voyager Deepwater", RigStatus.waiting, 27.62, -90.38, 420_000),
    ("Permian Eagle 7", RigType.land, "Eagle Land Rigs", RigStatus.drilling, 31.84, -103.52, 32_000),
    ("Eagle Ford 14", RigType.land, "Eagle Land Rigs", RigStatus.moving, 28.71, -98.12, 29_000),
    ("Sabine Platform A", RigType.platform, "Sabine Energy Services", RigStatus.maintenance, 29.05, -93.61, 55_000),
]

# code, name, field, location, rig index, start offset (days from today), length, status, AFE USD
CAMPAIGNS = [
    ("NS-26-01", "Snorre Infill Phase 2", "Snorre", "Norwegian North Sea", 0, -30, 120, CampaignStatus.active, 96e6),
    ("NS-26-02", "Fulmar Late Life", "Fulmar", "UK Central North Sea", 1, -18, 90, CampaignStatus.active, 38e6),
    (
        "GM-26-01",
        "Mars Deep Appraisal",
        "Mars",
        "Gulf of Mexico, Mississippi Canyon",
        2,
        -10,
        150,
        CampaignStatus.active,
        185e6,
    ),
    ("PB-26-04", "Delaware Basin Pad 4", "Wolfcamp", "Reeves County, Texas", 3, -12, 60, CampaignStatus.active, 21e6),
    ("EF-27-01", "Eagle Ford Refracs", "Eagle Ford", "Karnes County, Texas", 4, 20, 75, CampaignStatus.planned, 12e6),
]


@dataclass
class World:
    rigs: list[Rig] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    wells: list[Well] = field(default_factory=list)


def _plan(target_m: float, days: float) -> list[tuple[float, float]]:
    """A stepped time-depth plan: drilling sections with flat casing/cementing days."""
    pts = [(0.0, 0.0)]
    sections = [(0.25, 0.12), (0.55, 0.15), (0.85, 0.18), (1.0, 0.1)]  # (fraction of depth, fraction of time)
    t = 0.0
    for i, (frac, tfrac) in enumerate(sections):
        t += days * tfrac
        pts.append((round(t, 1), round(target_m * frac)))
        if i < len(sections) - 1:
            t += days * 0.08
            pts.append((round(t, 1), round(target_m * frac)))
    pts.append((float(days), float(target_m)))
    return sorted(set(pts))


def _reports(ctx: Context, well: Well, rig: Rig, author: User, spud: date, days: int, rate_m_per_day: float) -> None:
    depth = 0.0
    for n in range(days):
        day = spud + timedelta(days=n)
        start = datetime.combine(day, time(6, 0), tzinfo=timezone.utc)
        drilled = 0.0 if n % 5 == 4 else rate_m_per_day * (0.8 + 0.05 * (n % 4))
        drilled = max(0.0, min(drilled, (well.target_depth_md_m or 1e9) - depth))  # stop at TD
        depth += drilled
        report = DailyReport(
            well_id=well.id,
            rig_id=rig.id,
            report_date=day,
            report_number=n + 1,
            depth_md_m=round(depth, 1),
            depth_tvd_m=round(depth * 0.97, 1),
            distance_drilled_m=round(drilled, 1),
            mud_type="OBM",
            mud_density_sg=1.25 + 0.01 * n,
            summary_24h="Drilled ahead." if drilled else "Ran and cemented casing; tested BOP.",
            forecast_24h="Drill ahead to section TD.",
            personnel_on_board=96 if rig.rig_type != "land" else 28,
            created_by_id=author.id,
        )
        ctx.session.add(report)
        ctx.session.flush()
        if drilled:
            lines = [
                (0, 14, "2", ActivityClass.planned, True),
                (14, 17, "6", ActivityClass.planned, True),
                (17, 19, "8", ActivityClass.downtime, False),
                (19, 24, "2", ActivityClass.planned, True),
            ]
        else:
            lines = [
                (0, 10, "12", ActivityClass.planned, True),
                (10, 16, "13", ActivityClass.planned, True),
                (16, 24, "15", ActivityClass.planned, True),
            ]
        for i, (h0, h1, code, cls, productive) in enumerate(lines, start=1):
            ctx.session.add(
                TimeLogLine(
                    report_id=report.id,
                    line_no=i,
                    start_at=start + timedelta(hours=h0),
                    end_at=start + timedelta(hours=h1),
                    depth_md_m=round(depth, 1),
                    activity_code=code,
                    activity_class=cls,
                    productive=productive,
                    phase="drilling",
                )
            )
        ctx.session.add(
            CostLine(report_id=report.id, category="rig", description="Rig day rate", amount=rig.day_rate_amount or 0)
        )
        ctx.session.add(
            CostLine(
                report_id=report.id,
                category="services",
                description="Mud, bits and services",
                amount=round((rig.day_rate_amount or 0) * 0.6),
            )
        )
        entries = [kpis.TimeLogEntry(h1 - h0, code, cls.value, productive) for h0, h1, code, cls, productive in lines]
        report.reported_hours = sum(e.hours for e in entries)
        report.drilling_hours = kpis.drilling_hours(entries)
        report.npt_hours = kpis.npt_summary(entries).npt_hours
        report.cost_amount = (rig.day_rate_amount or 0) + round((rig.day_rate_amount or 0) * 0.6)
        ctx.session.add(report)
    well.measured_depth_m = round(depth, 1)
    well.tvd_m = round(depth * 0.97, 1)


def _load(ctx: Context, users: dict[str, User]) -> World:
    today = date.today()
    world = World()
    for name, rtype, contractor, status, lat, lon, rate in RIGS:
        rig = Rig(
            name=name,
            rig_type=rtype,
            contractor=contractor,
            status=status,
            latitude=lat,
            longitude=lon,
            day_rate_amount=rate,
        )
        ctx.session.add(rig)
        world.rigs.append(rig)
    ctx.session.flush()
    for code, name, fld, loc, rig_i, start, length, status, afe in CAMPAIGNS:
        rig = world.rigs[rig_i]
        camp = Campaign(
            code=code,
            name=name,
            field=fld,
            location=loc,
            rig_id=rig.id,
            status=status,
            afe_amount=afe,
            planned_start=today + timedelta(days=start),
            planned_end=today + timedelta(days=start + length),
            actual_start=today + timedelta(days=start) if start <= 0 else None,
            objectives=f"Drill and complete the {fld} wells safely, on time and within AFE.",
        )
        ctx.session.add(camp)
        ctx.session.flush()
        ctx.session.add(CampaignRig(campaign_id=camp.id, rig_id=rig.id))
        world.campaigns.append(camp)
        for w in range(2):
            spud = today + timedelta(days=start + 2 + w * length // 2)
            target = 3200.0 + 900 * rig_i + 250 * w if rig.rig_type != RigType.land else 5400.0 + 200 * w
            planned_days = 45.0 if rig.rig_type != RigType.land else 22.0
            well = Well(
                name=f"{fld} {code[-2:]}-{w + 1}{'H' if rig.rig_type == RigType.land else ''}",
                field=fld,
                country="Norway"
                if code.startswith("NS-26-01")
                else "United Kingdom"
                if code.startswith("NS")
                else "United States",
                well_type=WellType.development if w else WellType.appraisal,
                status=WellStatus.drilling if spud <= today else WellStatus.planned,
                campaign_id=camp.id,
                rig_id=rig.id,
                latitude=(rig.latitude or 0) + 0.01 * w,
                longitude=(rig.longitude or 0) + 0.01 * w,
                spud_date=spud if spud <= today else None,
                target_depth_md_m=target,
                planned_days=planned_days,
                afe_amount=afe / 2,
                fluid_type="oil",
                water_depth_m=0 if rig.rig_type == RigType.land else 120.0 + 800 * (rig_i == 2),
                is_manned=rig.rig_type == RigType.platform,
            )
            ctx.session.add(well)
            ctx.session.flush()
            for day, depth in _plan(target, planned_days):
                ctx.session.add(WellPlanPoint(well_id=well.id, day=day, depth_md_m=depth))
            if well.spud_date is not None:
                days = (today - spud).days
                rate = target / planned_days * (2.6, 1.5, 2.1, 2.9, 2.0)[rig_i]  # some ahead, some behind
                _reports(ctx, well, rig, users["engineer"], spud, min(days, 25), rate)
                rig.current_well_id = well.id
            world.wells.append(well)
            ctx.session.add(
                Milestone(
                    name=f"Spud {well.name}",
                    kind=MilestoneKind.spud,
                    campaign_id=camp.id,
                    well_id=well.id,
                    rig_id=rig.id,
                    planned_date=spud,
                    actual_date=spud if spud <= today else None,
                )
            )
            ctx.session.add(
                Milestone(
                    name=f"TD {well.name}",
                    kind=MilestoneKind.td,
                    campaign_id=camp.id,
                    well_id=well.id,
                    rig_id=rig.id,
                    planned_date=spud + timedelta(days=int(planned_days * 0.9)),
                )
            )
        ctx.session.add(
            AfeSupplement(
                campaign_id=camp.id,
                amount=afe * 0.05,
                description="Contingency sidetrack",
                approved=status == CampaignStatus.active,
            )
        )
    ctx.session.add(
        Milestone(
            name="BOP test Nordic Star",
            kind=MilestoneKind.bop_test,
            campaign_id=world.campaigns[0].id,
            rig_id=world.rigs[0].id,
            planned_date=today + timedelta(days=3),
        )
    )
    ctx.session.add(
        Milestone(
            name="Rig move Eagle Ford 14",
            kind=MilestoneKind.rig_move,
            rig_id=world.rigs[4].id,
            campaign_id=world.campaigns[4].id,
            planned_date=today - timedelta(days=2),
        )
    )
    _logistics(ctx, world, today)
    ctx.session.flush()
    return world


def _logistics(ctx: Context, world: World, today: date) -> None:
    r = world.rigs
    now = datetime.now(timezone.utc)
    ctx.session.add_all(
        [
            Equipment(
                tag="MLU-014",
                name="Mud logging unit",
                equipment_type="mud logging",
                status=EquipmentStatus.in_transit,
                location="Stavanger base",
                rig_id=r[0].id,
            ),
            Equipment(
                tag="TDS-0932",
                name="Top drive 750 t",
                equipment_type="top drive",
                status=EquipmentStatus.in_use,
                location="Nordic Star",
                rig_id=r[0].id,
            ),
            Equipment(
                tag="BOP-18-22",
                name="18-3/4in 15k BOP stack",
                equipment_type="BOP",
                status=EquipmentStatus.maintenance,
                location="Brent Lancer",
                rig_id=r[1].id,
            ),
            Equipment(
                tag="ROV-77",
                name="Work-class ROV",
                equipment_type="ROV",
                status=EquipmentStatus.available,
                location="Port Fourchon base",
            ),
            Equipment(
                tag="MP-4411",
                name="Mud pump 1600 hp",
                equipment_type="mud pump",
                status=EquipmentStatus.in_use,
                location="Permian Eagle 7",
                rig_id=r[3].id,
            ),
            Delivery(
                item="9-5/8in casing, 53.5 ppf P110",
                quantity=180,
                unit="joints",
                from_location="Aberdeen base",
                to_rig_id=r[1].id,
                eta=now - timedelta(hours=30),
                status=DeliveryStatus.in_transit,
            ),
            Delivery(
                item="Barite",
                quantity=120,
                unit="t",
                from_location="Stavanger base",
                to_rig_id=r[0].id,
                eta=now + timedelta(days=2),
                status=DeliveryStatus.planned,
            ),
            Delivery(
                item="Drill bits 8-1/2in PDC",
                quantity=4,
                unit="ea",
                from_location="Houston",
                to_rig_id=r[3].id,
                eta=now - timedelta(days=3),
                delivered_at=now - timedelta(days=3),
                status=DeliveryStatus.delivered,
            ),
        ]
    )
    for rig in r[:4]:
        for d in range(5):
            ctx.session.add(
                ConsumableUsage(
                    rig_id=rig.id,
                    usage_date=today - timedelta(days=d),
                    item="Diesel",
                    quantity=18 + d,
                    unit="m3",
                    cost_amount=(18 + d) * 950,
                )
            )
