"""The task pages' pure helpers: URL filters -> BoardFilter input, the assignee select, comment threads, the
edit-control hint per role (the services decide; these only hide buttons)."""

from __future__ import annotations

from datetime import datetime, timezone

from well_ops.models.schemas_tasks import BoardFilter, CommentRead, TaskCard
from well_ops.models.tasks import TaskPriority, TaskStatus
from well_ops.models.users import Role
from well_ops.services.context import Actor
from well_ops.state.board import COLUMN_CAP, board_filter
from well_ops.state.task_form import assignee_fields, task_data
from well_ops.state.task_views import card_view, editor_keys, flatten_comments

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def test_url_filters_become_a_valid_board_filter() -> None:
    data = board_filter({"rig": "3", "campaign": "all", "assignee": "role:logistics", "priority": "high",
                         "due": "overdue", "auto": "true", "q": "bop", "tag": "casing", "cancelled": "1",
                         "bogus": "x"})
    f = BoardFilter.model_validate(data)
    assert (f.rig_id, f.campaign_id, f.assignee, f.priority, f.due) == (3, None, "role:logistics", "high", "overdue")
    assert (f.auto_generated, f.text, f.tag, f.include_cancelled) == (True, "bop", "casing", True)
    assert f.limit_per_column == COLUMN_CAP and "bogus" not in data
    assert board_filter({})["include_cancelled"] is False


def test_assignee_select_sets_exactly_one_column() -> None:
    assert assignee_fields("user:7") == {"assignee_user_id": "7", "assignee_team_id": None, "assignee_role": None}
    assert assignee_fields("role:engineer")["assignee_role"] == "engineer"
    assert set(assignee_fields("none").values()) == {None}
    data = task_data({"title": " Pump ", "tags": "", "assignee": "team:2", "version": "4", "evil": "x"})
    assert data["title"] == "Pump" and data["tags"] is None and data["assignee_team_id"] == "2"
    assert data["version"] == "4" and "evil" not in data


def _comment(cid: int, parent: int | None, author: int, replies: list[CommentRead] | None = None) -> CommentRead:
    return CommentRead(id=cid, parent_id=parent, author_id=author, author_name=f"U{author}", body=f"c{cid}",
                       created_at=NOW, replies=replies or [])


def test_comment_tree_is_flattened_in_reading_order_with_depth() -> None:
    tree = [_comment(1, None, 1, [_comment(2, 1, 2, [_comment(3, 2, 1)]), _comment(4, 1, 2)]), _comment(5, None, 2)]
    rows = flatten_comments(tree, user_id=1)
    assert [(r.id, r.depth) for r in rows] == [(1, 0), (2, 1), (3, 2), (4, 1), (5, 0)]
    assert [r.id for r in rows if r.own] == [1, 3]


def _card(assignee: str) -> TaskCard:
    return TaskCard(id=1, title="T", status=TaskStatus.backlog, priority=TaskPriority.normal, assignee=assignee,
                    checklist_done=3, checklist_total=5, subtask_done=0, subtask_total=2)


def test_edit_controls_follow_the_role_and_the_assignment() -> None:
    ops, logistics = Actor(1, "o@x", "O", Role.ops_manager), Actor(5, "l@x", "L", Role.logistics, team_id=9)
    executive = Actor(6, "e@x", "E", Role.executive)
    assert card_view(_card(""), editor_keys(ops)).editable
    for key, editable in (("user:5", True), ("team:9", True), ("role:logistics", True), ("user:1", False),
                          ("", False)):
        assert card_view(_card(key), editor_keys(logistics)).editable is editable, key
    assert not card_view(_card("user:6"), editor_keys(executive)).editable
    view = card_view(_card(""))
    assert (view.checklist, view.subtasks, view.editable) == ("3/5", "0/2", False)
