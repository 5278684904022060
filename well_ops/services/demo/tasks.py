"""Demo tasks on the board, with a checklist, subtasks and a dependency."""

from __future__ import annotations

from datetime import date, timedelta

from well_ops.models.tasks import ChecklistItem, Task, TaskComment, TaskDependency, TaskPriority, TaskStatus
from well_ops.models.users import Role, User
from well_ops.services.context import Context
from well_ops.services.demo.drilling import World


def _load(ctx: Context, users: dict[str, User], world: World) -> None:
    today = date.today()
    c, r = world.campaigns, world.rigs
    specs = [
        (
            "Mobilize Mud Logging Unit",
            TaskStatus.in_progress,
            TaskPriority.high,
            2,
            users["logistics"],
            c[0],
            r[0],
            ["logistics", "mobilization"],
        ),
        (
            "Approve AFE supplement for contingency sidetrack",
            TaskStatus.backlog,
            TaskPriority.normal,
            5,
            users["ops_manager"],
            c[0],
            None,
            ["afe"],
        ),
        (
            "Review 12-1/4in section casing design",
            TaskStatus.in_progress,
            TaskPriority.high,
            1,
            users["engineer"],
            c[1],
            r[1],
            ["casing", "design"],
        ),
        (
            "BOP stack recertification",
            TaskStatus.blocked,
            TaskPriority.critical,
            -1,
            users["engineer"],
            c[1],
            r[1],
            ["bop", "certification"],
        ),
        (
            "Weather window for riser pull",
            TaskStatus.backlog,
            TaskPriority.normal,
            7,
            users["ops_manager"],
            c[2],
            r[2],
            ["marine"],
        ),
        ("Order 8-1/2in PDC bits", TaskStatus.done, TaskPriority.normal, -4, users["logistics"], c[3], r[3], ["bits"]),
        (
            "Rig move route survey and permits",
            TaskStatus.in_progress,
            TaskPriority.high,
            -2,
            users["logistics"],
            c[4],
            r[4],
            ["rig move", "permits"],
        ),
        (
            "Update time-depth plan after sidetrack",
            TaskStatus.backlog,
            TaskPriority.low,
            None,
            users["engineer"],
            c[0],
            r[0],
            ["planning"],
        ),
        (
            "Monthly integrity review Snorre A-12",
            TaskStatus.backlog,
            TaskPriority.normal,
            10,
            users["integrity@wellops.example"],
            c[0],
            None,
            ["integrity"],
        ),
    ]
    tasks: list[Task] = []
    for pos, (title, status, prio, due, assignee, camp, rig, tags) in enumerate(specs):
        task = Task(
            title=title,
            status=status,
            priority=prio,
            due_date=today + timedelta(days=due) if due is not None else None,
            position=float(pos + 1),
            campaign_id=camp.id,
            rig_id=rig.id if rig else None,
            assignee_user_id=assignee.id,
            tags=tags,
            created_by_id=users["ops_manager"].id,
            description=f"{title}.",
        )
        ctx.session.add(task)
        tasks.append(task)
    ctx.session.flush()
    mlu = tasks[0]
    for i, (text, done) in enumerate(
        [
            ("Confirm unit availability with vendor", True),
            ("Book supply boat slot", True),
            ("Prepare lifting plan", False),
            ("Rig-up and function test", False),
            ("Hand-over to mud loggers", False),
        ]
    ):
        ctx.session.add(ChecklistItem(task_id=mlu.id, text=text, position=float(i + 1), done=done))
    sub = Task(
        title="Arrange mud logger crew change",
        status=TaskStatus.backlog,
        priority=TaskPriority.normal,
        parent_id=mlu.id,
        campaign_id=c[0].id,
        assignee_role=Role.logistics,
        position=100.0,
        created_by_id=users["logistics"].id,
        tags=["crew"],
    )
    ctx.session.add(sub)
    ctx.session.add(TaskDependency(task_id=tasks[3].id, blocked_by_id=tasks[2].id))
    ctx.session.add(
        TaskComment(
            task_id=mlu.id,
            author_id=users["ops_manager"].id,
            body="@logistics@wellops.example please confirm the boat slot for Thursday.",
        )
    )
    ctx.session.flush()
