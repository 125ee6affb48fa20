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
    assert first in window.check_in_button.full_text
    assert first in window.print_button.full_text
    assert not window.check_out_button.isEnabled()  # never checked in: nothing to check out
    window.manual(window_direction_exit())
    assert not [r for r in ctx.replica.checkins() if r["attendee_id"] == attendee.id]
    qtbot.mouseClick(window.check_in_button, Qt.MouseButton.LeftButton)
    assert window.check_out_button.isEnabled() and first in window.check_out_button.full_text
    assert first in window.undo_button.full_text  # undo says whom it undoes


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


def test_the_layout_check_catches_a_label_that_does_not_fit(qtbot):
    """The geometry check the screenshot test relies on can fail."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from kiosk.gui.layout_check import layout_problems

    window = QWidget()
    qtbot.addWidget(window)
    label = QLabel("A label much too long for its window, on one line", window)
    label.setMinimumWidth(10)
    QVBoxLayout(window).addWidget(label)
    window.resize(60, 40)
    window.show()
    assert any("needs" in p for p in layout_problems(window))
    label.setWordWrap(True)
    window.resize(400, 200)
    assert layout_problems(window) == []


def test_scan_history_undoes_a_row_by_name_check_outs_too(qtbot, demo, open_desk):
    """Issue 11.11: the last scans with time, person, verdict and source; each passage
    undoable within the window, the button and the message naming the person."""
    ctx, window = open_desk(demo.db)
    first = _ticket(demo, "accepted")
    ctx.controller.scan(first.text, source="camera")
    ctx.controller.scan(_ticket(demo, "forged").text, source="usb")
    table = window.history.table
    assert table.rowCount() == 2
    assert table.item(0, 2).text() == "Invalid ticket" and window.history.undo_button(0) is None
    person = ctx.replica.get_attendee(first.attendee_id)
    assert table.item(1, 1).text() == person.name and table.item(1, 3).text() == "camera"
    undo = window.history.undo_button(1)
    assert undo is not None and person.name.split()[0] in undo.full_text
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert f"Check-in of {person.name} undone." in window.banner.text()
    assert window.history.undo_button(1) is None  # undone: not twice
    # A check-out can be undone too.
    ctx.controller.check_in_attendee(person.id)
    from kiosk.core.models import Direction
    ctx.controller.check_in_attendee(person.id, direction=Direction.EXIT)
    assert table.item(0, 2).text() == "Checked out"
    qtbot.mouseClick(window.history.undo_button(0), Qt.MouseButton.LeftButton)
    assert f"Check-out of {person.name} undone." in window.banner.text()
    assert window.check_out_button.isEnabled()  # in again


def test_day_figures_inside_now_per_ticket_type_and_quarter_hour(qtbot, demo, open_desk):
    ctx, window = open_desk(demo.db)
    from kiosk.core.models import Direction
    people = [a for a in ctx.replica.attendees() if a.ticket_type == "Conference"
              and not ctx.controller.attendee_checkins_today(a.id)][:3]
    before = int(window.figures.inside.text().split(": ")[1])
    for a in people:
        ctx.controller.check_in_attendee(a.id)
    ctx.controller.check_in_attendee(people[0].id, direction=Direction.EXIT)
    assert window.figures.inside.text() == f"Inside now: {before + 2}"
    types = {window.figures.ticket_types.item(i, 0).text():
             int(window.figures.ticket_types.item(i, 1).text())
             for i in range(window.figures.ticket_types.rowCount())}
    assert types["Conference"] >= 3
    arrivals = sum(int(window.figures.arrivals.item(i, 1).text())
                   for i in range(window.figures.arrivals.rowCount()))
    assert arrivals >= 3


def test_more_results_than_shown_is_said_not_silently_cut(qtbot, demo, open_desk):
    """Issue 11 item 4: "results silently stop at 50". Staff typing one common letter
    (the demo's 300 people) see 50 rows and are told there are more, to type more; a
    narrower search says how many it found."""
    from kiosk.gui.desk_window import SEARCH_LIMIT

    ctx, window = open_desk(demo.db)
    window.search.setFocus()
    qtbot.keyClicks(window.search, "a", delay=60)
    qtbot.waitUntil(lambda: window.results.count() > 0, timeout=3000)
    assert window.results.count() == SEARCH_LIMIT
    assert window.result_count.text() == \
        f"More than {SEARCH_LIMIT} found: type more to narrow the search."
    one = ctx.replica.attendees()[7]
    window.search.clear()
    qtbot.keyClicks(window.search, one.email, delay=40)
    qtbot.waitUntil(lambda: window.result_count.text() == f"Found: {window.results.count()}",
                    timeout=3000)
    assert 1 <= window.results.count() < SEARCH_LIMIT
