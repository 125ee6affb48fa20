"""Issue 11, items 2, 3, 10 (part): the person shown at the desk is the person acted on.
Through the real desk widgets, offscreen: actions name and bind to the shown attendee,
the panel clears when a scan or search finds nobody, check-out only for who is in,
keyboard flow in the search box, and attendee data always shown as plain text."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.gui.ui.text import unbreakable


def _ticket(demo, expected):
    return next(t for t in demo.tickets if t.expected == expected)


def test_a_forged_scan_clears_the_previous_person(qtbot, demo, open_desk):
    ctx, window = open_desk(demo.db)
    ctx.controller.scan(_ticket(demo, "accepted").text, source="usb")
    assert window.selected is not None and window.check_in_button.isEnabled()
    ctx.controller.scan(_ticket(demo, "forged").text, source="usb")
    assert window.verdict.family == "red"
    assert window.selected is None
    assert not window.check_in_button.isEnabled() and not window.print_button.isEnabled()
    assert window.email.text() == ""


def test_a_search_without_results_clears_the_person_and_says_so(qtbot, demo, open_desk):
    ctx, window = open_desk(demo.db)
    ctx.controller.scan(_ticket(demo, "accepted").text, source="usb")
    assert window.verdict.isVisible() and window.selected is not None
    qtbot.keyClicks(window.search, "zzqx", delay=60)
    # The verdict and the person go away as soon as a new search is typed.
    assert not window.verdict.isVisible()
    qtbot.waitUntil(lambda: "Nobody found" in window.result_count.text(), timeout=2000)
    assert window.selected is None and not window.check_in_button.isEnabled()
    assert window.results.count() == 0


def test_buttons_name_the_person_and_check_out_needs_a_check_in(qtbot, demo, open_desk):
    ctx, window = open_desk(demo.db)
    attendee = next(a for a in ctx.replica.attendees() if a.ticket_type == "Conference"
                    and not ctx.controller.attendee_checkins_today(a.id))
    window.show_attendee(attendee)
    first = attendee.name.split()[0]
    assert first in window.check_in_button.text()
    assert first in window.print_button.text()
    assert not window.check_out_button.isEnabled()  # never checked in: nothing to check out
    window.manual(window_direction_exit())
    assert not [r for r in ctx.replica.checkins() if r["attendee_id"] == attendee.id]
    qtbot.mouseClick(window.check_in_button, Qt.MouseButton.LeftButton)
    assert window.check_out_button.isEnabled() and first in window.check_out_button.text()
    assert first in window.undo_button.text()  # undo says whom it undoes


def window_direction_exit():
    from kiosk.core.models import Direction
    return Direction.EXIT


def test_results_tell_people_apart_with_count_and_state(qtbot, demo, open_desk):
    ctx, window = open_desk(demo.db)
    a = ctx.replica.attendees()[10]
    twin = replace(a, id="TWIN1", email="other." + a.email, code=None)
    ctx.replica.upsert_attendees([twin])
    ctx.controller.check_in_attendee(a.id)
    window.search.setText(a.name)
    window.run_search()
    rows = [unbreakable(window.results.item(i).text()) for i in range(window.results.count())]
    mine = [r for r in rows if r.split("\n")[0].endswith(" — " + a.email)]
    other = [r for r in rows if r.split("\n")[0].endswith(" — " + twin.email)]
    assert mine and other and mine[0] != other[0]
    assert "in since" in mine[0] and "not checked in" in other[0]
    assert a.ticket_type in mine[0]
    assert "Found: " in window.result_count.text()


def test_down_enter_checks_in_and_escape_clears(qtbot, demo, open_desk):
    ctx, window = open_desk(demo.db)
    target = next(a for a in ctx.replica.attendees() if a.ticket_type == "Conference"
                  and not ctx.controller.attendee_checkins_today(a.id))
    window.search.setFocus()
    qtbot.keyClicks(window.search, target.email.split("@")[0], delay=60)
    qtbot.waitUntil(lambda: window.results.count() > 0, timeout=2000)
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert window.results.hasFocus()
    for i in range(window.results.count()):
        if window.results.item(i).data(Qt.ItemDataRole.UserRole) == target.id:
            window.results.setCurrentRow(i)
    qtbot.keyClick(window.results, Qt.Key.Key_Return)
    last = ctx.controller.history[-1].result
    assert last.attendee.id == target.id and last.verdict == "accepted"
    qtbot.keyClick(window.results, Qt.Key.Key_Escape)
    assert window.search.text() == "" and window.search.hasFocus()


def test_attendee_fields_are_plain_text_everywhere(qtbot, demo, open_desk):
    """Issue 10: a name like <h1 style=color:red> shows literally, never as markup."""
    ctx, window = open_desk(demo.db)
    a = ctx.replica.attendees()[7]
    evil = replace(a, name="<h1 style=color:red>Evil</h1>", organisation="<b>EvilOrg</b>")
    ctx.replica.upsert_attendees([evil])
    window.show_attendee(ctx.replica.get_attendee(a.id))
    ctx.controller.check_in_attendee(a.id)
    for label in window.findChildren(QLabel):
        if "Evil" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label
    assert "<h1" in window.name.text()
    assert "<h1" in window.verdict.name.text()
