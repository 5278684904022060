"""The task page's conversation parts: threaded comments with replies, and attachments (upload, download)."""

from __future__ import annotations

import reflex as rx

from well_ops.config import get_settings
from well_ops.state.auth import AuthState
from well_ops.state.task_thread import MAX_FILES, TaskThreadState

T = TaskThreadState
UPLOAD_ID = "attachment-upload"


def _composer(placeholder: str, button: str, id_: str, parent_id: rx.Var | str = "",
              on_submit: rx.EventHandler = T.add_comment, cancel: bool = False,
              default: rx.Var | str = "") -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text_area(name="body", placeholder=placeholder, rows="2", width="100%", id=f"{id_}-body",
                         default_value=default),
            rx.el.input(type="hidden", name="parent_id", value=parent_id),
            rx.hstack(rx.cond(cancel, rx.button("Cancel", type="button", variant="soft", color_scheme="gray",
                                                size="1", on_click=T.cancel)),
                      rx.button(button, type="submit", size="1", id=f"{id_}-submit"), justify="end", width="100%"),
            spacing="1", width="100%",
        ),
        on_submit=on_submit, key=T.compose_key, width="100%",
    )


def _comment(c: rx.Var) -> rx.Component:
    can_write = AuthState.permissions.contains("comment.write")
    actions = rx.hstack(
        rx.cond(can_write & ~c.deleted, rx.button("Reply", size="1", variant="ghost", on_click=T.start_reply(c.id),
                                                  class_name="comment-reply")),
        rx.cond(c.own & ~c.deleted, rx.button("Edit", size="1", variant="ghost", on_click=T.start_edit(c.id),
                                              class_name="comment-edit")),
        rx.cond(c.own & ~c.deleted, rx.button("Delete", size="1", variant="ghost", color_scheme="red",
                                              on_click=T.delete_comment(c.id), class_name="comment-delete")),
        spacing="2",
    )
    body = rx.cond(c.deleted, rx.text("(deleted)", size="2", color=rx.color("gray", 9), font_style="italic"),
                   rx.text(c.body, size="2", white_space="pre-wrap", class_name="comment-body"))
    return rx.box(
        rx.hstack(rx.text(c.author, weight="bold", size="2"), rx.text(c.when, size="1", color=rx.color("gray", 10)),
                  rx.cond(c.edited & ~c.deleted, rx.text("(edited)", size="1", color=rx.color("gray", 10))),
                  align="baseline", spacing="2"),
        rx.cond(T.editing == c.id,
                _composer("Edit your comment", "Save", "comment-edit", on_submit=T.save_edit, cancel=True,
                          default=c.body),
                body),
        actions,
        rx.cond(T.reply_to == c.id, _composer("Write a reply (mention with @Full Name)", "Post reply", "reply",
                                              parent_id=c.id.to(str), cancel=True)),
        padding_left="0.75em", margin_left=(c.depth * 24).to(str) + "px", width="auto",
        border_left=f"3px solid {rx.color('gray', 5)}", class_name="comment", id="comment-" + c.id.to(str),
        custom_attrs={"data-depth": c.depth},
    )


def comments_section() -> rx.Component:
    return rx.vstack(
        rx.heading("Comments", size="4"),
        rx.cond(T.comments.length() == 0, rx.text("No comments yet.", size="2", color=rx.color("gray", 10))),
        rx.vstack(rx.foreach(T.comments, _comment), spacing="3", width="100%", id="comments"),
        rx.cond(AuthState.permissions.contains("comment.write"),
                _composer("Write a comment (mention someone with @Full Name or @e-mail)", "Comment", "comment")),
        spacing="3", width="100%",
    )


def _attachment(a: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon("paperclip", size=14),
        rx.el.a(a.filename, href=a.url, download=a.filename, reload_document=True, class_name="attachment-link",
                id="attachment-" + a.id.to(str), style={"color": rx.color("accent", 11)}),
        rx.text(a.size, " · ", a.who, " · ", a.when, size="1", color=rx.color("gray", 10)),
        rx.spacer(),
        rx.cond(AuthState.permissions.contains("attachment.delete"),
                rx.icon_button(rx.icon("trash-2", size=12), size="1", variant="ghost", color_scheme="red",
                               aria_label="Remove attachment", on_click=T.delete_attachment(a.id))),
        align="center", spacing="2", width="100%",
    )


def attachments_section() -> rx.Component:
    drop = rx.upload(
        rx.vstack(rx.icon("upload", size=18), rx.text("Drop files here or click to choose", size="2"),
                  rx.text("PDF, images, text, CSV, LAS, XML, JSON, Excel, Word", size="1",
                          color=rx.color("gray", 10)), align="center", spacing="1"),
        id=UPLOAD_ID, max_files=MAX_FILES, multiple=True, max_size=get_settings().upload_max_bytes,
        border=f"1px dashed {rx.color('gray', 7)}",
        padding="1em", border_radius="8px", width="100%", cursor="pointer",
        on_drop=T.upload(rx.upload_files(upload_id=UPLOAD_ID)),
    )
    return rx.vstack(
        rx.heading("Attachments", size="4"),
        rx.vstack(rx.foreach(T.attachments, _attachment), spacing="1", width="100%", id="attachments"),
        rx.cond(AuthState.permissions.contains("attachment.write"), drop),
        spacing="2", width="100%",
    )
