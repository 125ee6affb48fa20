"""The desk's "Check in anyway" (issue 11 item 10), through the real desk window
offscreen with real key events: offered only for a refusal staff may overrule and only
for the person refused, a dialog naming that person, a reason required (choice + note,
length-limited), a USB scanner's burst into the note taken back out and queued, and the
override recorded for the dialog's person with its reason, for upload. The self-service
kiosk never offers it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.core.roles import OVERRIDE_REASON_MAX
from kiosk.core.verdicts import Reason
from kiosk.gui.kiosk_window import KioskWindow
from kiosk.gui.override_dialog import NOTE_MAX, reason_choices
from kiosk.gui.ui.text import short_name
from tests.scanner_keys import scanner_types


def _scanner_types(qtbot, widget, text):  # type: ignore[no-untyped-def]
    """A USB scanner: real key events stamped 3 ms apart, as the window system delivers
    them (so a loaded machine handling them late does not split the burst), then Enter."""
    scanner_types(widget, text)


def _scan_at_desk(qtbot, window, text):  # type: ignore[no-untyped-def]
    """A scan while staff last pressed a button (the focus is there). Not into the
    search field: its first key starts a search, which on a loaded machine can hold the
    next key past the burst's 50 ms gap (tests/gui/test_gui_usb_scanner.py covers it)."""
    window.settings_button.setFocus()
    _scanner_types(qtbot, window.settings_button, text)


def _open_kiosk(qtbot, make_context, db):  # type: ignore[no-untyped-def]
    """A self-service kiosk window on ``db``, shown, its context started."""
    ctx = make_context(db)
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    return ctx, window


def _ticket(demo, expected):  # type: ignore[no-untyped-def]
    return next(t for t in demo.tickets if t.expected == expected)


def test_check_in_anyway_names_and_binds_the_person_and_needs_a_reason(
        qtbot, demo, open_desk):  # type: ignore[no-untyped-def]
    ctx, window = open_desk(demo.db)
    workshop = _ticket(demo, "wrong_gate")
    # Nothing refused yet: no override.
    assert not window.override_button.isVisible()
    _scan_at_desk(qtbot, window, workshop.text)
    shown = ctx.controller.history[-1]
    assert shown.result.reason is Reason.WRONG_GATE
    person = shown.result.attendee
    assert person is not None and person.id == workshop.attendee_id
    assert window.override_button.isVisible()
    assert person.name.split()[0] in window.override_button.text()

    # Forged code: nobody to act on, no override.
    _scan_at_desk(qtbot, window, _ticket(demo, "forged").text)
    assert ctx.controller.history[-1].result.reason is Reason.FORGED
    assert not window.override_button.isVisible()
    # Another person shown (a search): the offer was for the refused person only.
    _scan_at_desk(qtbot, window, workshop.text)
    assert window.override_button.isVisible()
    qtbot.keyClicks(window.search, "zz", delay=70)
    qtbot.waitUntil(lambda: not window._search_timer.isActive(), timeout=2000)
    assert window.selected is None or window.selected.id != person.id
    assert not window.override_button.isVisible()

    _scan_at_desk(qtbot, window, workshop.text)
    qtbot.mouseClick(window.override_button, Qt.MouseButton.LeftButton)
    dialog = window.override_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.attendee_id == person.id
    assert person.name[:20] in dialog.windowTitle() and dialog.who.text() == person.name
    assert "Workshop" in dialog.refusal.text() or "Main" in dialog.refusal.text()
    assert dialog.note.maxLength() == NOTE_MAX < OVERRIDE_REASON_MAX

    # A reason is required: no choice, then "Other" without a note.
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Choose a reason" in dialog.error.text()
    dialog.choice.setFocus()
    for _ in reason_choices():
        qtbot.keyClick(dialog.choice, Qt.Key.Key_Down)
    assert dialog.choice.currentData() is True  # "Other (write the reason)"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "note" in dialog.error.text()

    # Staff type the note; a ticket scanned meanwhile is not typed into it.
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "Speaker's guest", delay=60)
    first = _ticket(demo, "accepted")
    _scanner_types(qtbot, dialog.note, first.text)
    qtbot.wait(200)
    assert dialog.isVisible()  # the scanner's Enter did not submit the override
    assert dialog.note.text() == "Speaker's guest"
    assert len(ctx.controller.held) == 1  # the scan waits for the dialog

    # Whoever is shown behind the dialog, the override is for the dialog's person.
    other = ctx.replica.search("a", limit=5)
    stranger = next(a for a in other if a.id not in (person.id, first.attendee_id))
    window.show_attendee(stranger)
    before = len(ctx.controller.history)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, delay=80)  # a person's Enter
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    qtbot.waitUntil(lambda: len(ctx.controller.history) >= before + 2, timeout=3000)
    overridden, released = ctx.controller.history[before:before + 2]
    assert overridden.result.reason is Reason.OVERRIDDEN
    assert overridden.result.attendee.id == person.id
    assert overridden.result.overruled is Reason.WRONG_GATE
    assert released.source == "usb" and released.result.attendee.id == first.attendee_id

    stored = ctx.replica.get_checkin(overridden.result.checkin_id)
    assert stored.verdict == "override" and stored.override_reason == "Speaker's guest"
    assert stored.attendee_id == person.id
    assert not [c for c in ctx.replica.checkins() if c["attendee_id"] == stranger.id]
    queued = ctx.replica.conn.execute(
        "SELECT count(*) FROM outbox WHERE kind = 'checkin' AND ref_id = ? "
        "AND uploaded_at IS NULL", (stored.id,)).fetchone()[0]
    assert queued == 1
    # The history names it as an override; undo names the person.
    labels = [window.history.table.item(r, 2).text()
              for r in range(window.history.table.rowCount())]
    assert "Override" in labels
    assert not window.override_button.isVisible()  # the shown person was admitted


def test_a_chosen_reason_with_a_note_is_recorded_and_already_in_is_overridable(
        qtbot, demo, open_desk):  # type: ignore[no-untyped-def]
    ctx, window = open_desk(demo.db)
    already = _ticket(demo, "already_checked_in")
    _scan_at_desk(qtbot, window, already.text)
    assert ctx.controller.history[-1].result.reason is Reason.ALREADY_IN
    assert window.override_button.isVisible()
    qtbot.mouseClick(window.override_button, Qt.MouseButton.LeftButton)
    dialog = window.override_dialog
    dialog.choice.setFocus()
    for _ in range(4):  # "Went out without scanning out"
        qtbot.keyClick(dialog.choice, Qt.Key.Key_Down)
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "seen by Agus", delay=60)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ctx.controller.history[-1].result.reason is Reason.OVERRIDDEN,
                    timeout=2000)
    stored = ctx.replica.get_checkin(ctx.controller.history[-1].result.checkin_id)
    assert stored.override_reason == f"{reason_choices()[3][0]} — seen by Agus"


def test_past_the_grace_the_desk_offers_to_let_them_in_again_in_its_words(
        qtbot, demo, open_desk):  # type: ignore[no-untyped-def]
    """Issue 11's last open point: a re-scan past the grace is "already checked in"; the
    desk may overrule it (core: someone who went out without scanning out), and every
    word says what that does — let them in again, a second entry — not "check in
    anyway" for someone who is checked in. Also in Indonesian."""
    from kiosk.gui.i18n import Translations

    ctx, window = open_desk(demo.db)
    person = _ticket(demo, "accepted")
    ctx.controller.scan(person.text, source="usb")
    assert ctx.controller.history[-1].result.reason is Reason.FIRST_ENTRY
    ctx.settings.set("grace_seconds", 0)
    translations = Translations()
    for language, button, title, ok, verdict in (
            ("en", "Let {} in again…", "Let {} in again", "Let in again", "Allowed in again"),
            ("id", "Izinkan {} masuk lagi…", "Izinkan {} masuk lagi", "Izinkan masuk lagi",
             "Diizinkan masuk lagi")):
        translations.install(language)
        try:
            ctx.controller.scan(person.text, source="usb")
            shown = ctx.controller.history[-1]
            assert shown.result.reason is Reason.ALREADY_IN
            first = short_name(shown.result.attendee.name)
            assert window.override_button.isVisible()
            assert window.override_button.full_text.startswith(button.format(first)), \
                window.override_button.full_text
            qtbot.mouseClick(window.override_button, Qt.MouseButton.LeftButton)
            dialog = window.override_dialog
            assert dialog.windowTitle().startswith(title.format(first))
            assert dialog.ok_button.text() == ok
            dialog.choice.setCurrentIndex(4)  # "Went out without scanning out"
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(
                lambda: ctx.controller.history[-1].result.reason is Reason.OVERRIDDEN,
                timeout=2000)
            assert ctx.controller.history[-1].text.title == verdict
        finally:
            translations.install("en")
    entries = [c for c in ctx.replica.checkins() if c["attendee_id"] == person.attendee_id]
    assert [c["verdict"] for c in entries][-2:] == ["override", "override"]


def test_the_self_service_kiosk_never_offers_an_override(
        qtbot, demo, make_context):  # type: ignore[no-untyped-def]
    ctx, window = _open_kiosk(qtbot, make_context, demo.db)
    for expected in ("wrong_gate", "already_checked_in"):
        scanner_types(window, _ticket(demo, expected).text)
        assert ctx.controller.history[-1].result.reason in (Reason.WRONG_GATE,
                                                            Reason.ALREADY_IN)
        buttons = [b.text() for b in window.findChildren(QPushButton) if b.isVisible()]
        assert not [t for t in buttons if "anyway" in t.lower()], buttons
    assert not hasattr(window, "override_button")


def test_a_scan_of_someone_else_unhighlights_the_search_result(
        qtbot, demo, open_desk):  # type: ignore[no-untyped-def]
    ctx, window = open_desk(demo.db)
    workshop = _ticket(demo, "wrong_gate")
    window.search.setText("a")
    window.run_search()
    chosen = window.results.currentItem()
    assert chosen is not None
    assert chosen.data(Qt.ItemDataRole.UserRole) != workshop.attendee_id
    _scan_at_desk(qtbot, window, workshop.text)
    assert window.selected is not None and window.selected.id == workshop.attendee_id
    assert window.results.currentItem() is None  # no other person highlighted beside it
    assert window.override_button.isVisible()


def test_a_search_result_refused_at_this_gate_offers_the_override_too(
        qtbot, demo, open_desk):  # type: ignore[no-untyped-def]
    ctx, window = open_desk(demo.db)
    workshop = _ticket(demo, "wrong_gate")
    person = ctx.replica.get_attendee(workshop.attendee_id)
    window.search.setFocus()
    qtbot.keyClicks(window.search, person.email, delay=60)  # staff type the e-mail
    qtbot.waitUntil(lambda: window.results.count() >= 1, timeout=3000)
    assert window.selected is not None and window.selected.id == person.id
    qtbot.keyClick(window.search, Qt.Key.Key_Return, delay=80)  # Enter checks in
    assert ctx.controller.history[-1].result.reason is Reason.WRONG_GATE
    assert ctx.controller.history[-1].source == "desk"
    assert window.override_button.isVisible()
    assert window.override_target is not None and window.override_target[0].id == person.id


def _override_through_the_dialog(qtbot, window, note):  # type: ignore[no-untyped-def]
    """Staff click "Check in … anyway", pick "Other", type ``note`` and press OK."""
    qtbot.mouseClick(window.override_button, Qt.MouseButton.LeftButton)
    dialog = window.override_dialog
    dialog.choice.setFocus()
    for _ in reason_choices():
        qtbot.keyClick(dialog.choice, Qt.Key.Key_Down)
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, note, delay=40)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)


def test_the_same_ticket_after_a_wrong_gate_override_is_already_in(
        qtbot, demo, open_desk):  # type: ignore[no-untyped-def]
    """Issue 11's override leftover: after "Check in anyway" for a wrong gate, the same
    ticket scanned again is in (core's ``vouched_here``), not "go to the Workshop rooms"
    with a second override on offer."""
    ctx, window = open_desk(demo.db)
    workshop = _ticket(demo, "wrong_gate")
    _scan_at_desk(qtbot, window, workshop.text)
    assert ctx.controller.history[-1].result.reason is Reason.WRONG_GATE
    _override_through_the_dialog(qtbot, window, "Speaker's guest")
    overridden = ctx.controller.history[-1].result
    assert overridden.reason is Reason.OVERRIDDEN

    # Moments later, at this desk: "checked in", green, nothing to overrule.
    _scan_at_desk(qtbot, window, workshop.text)
    again = ctx.controller.history[-1]
    assert again.result.reason is Reason.JUST_CHECKED_IN and again.text.family == "green"
    assert not window.override_button.isVisible()
    # Later (no grace left): "already checked in", naming the override, and still not
    # "wrong gate".
    ctx.settings.set("grace_seconds", 0)
    _scan_at_desk(qtbot, window, workshop.text)
    later = ctx.controller.history[-1]
    assert later.result.reason is Reason.ALREADY_IN
    assert later.result.previous is not None
    assert later.result.previous.id == overridden.checkin_id
    words = " ".join((later.text.title, later.text.instruction, later.text.detail))
    assert "Workshop" not in words, words
    overrides = [c for c in ctx.replica.checkins()
                 if c["attendee_id"] == workshop.attendee_id and c["verdict"] == "override"]
    assert len(overrides) == 1


def test_a_device_paired_as_a_kiosk_offers_no_override_in_desk_mode(
        qtbot, demo, open_desk):  # type: ignore[no-untyped-def]
    """Issue 11's override leftover: the central list refuses a kiosk's override, so a
    device paired as a kiosk (``device_role``, stored at pairing) but run as a desk does
    not offer one; paired as a desk, it does."""
    from kiosk.core.config import DeviceConfig
    from kiosk.replica.db import Replica

    with Replica(demo.db) as replica:
        DeviceConfig(replica).record_pairing(server_url="https://127.0.0.1:9",
                                             device_token="t", device_name="Kiosk 3",
                                             gate_id=None, role="kiosk")
    ctx, window = open_desk(demo.db)
    for expected in ("wrong_gate", "already_checked_in"):
        _scan_at_desk(qtbot, window, _ticket(demo, expected).text)
        assert ctx.controller.history[-1].result.reason in (Reason.WRONG_GATE,
                                                            Reason.ALREADY_IN)
        assert window.selected is not None  # the person is shown, ...
        assert not window.override_button.isVisible()  # ... with no override
        assert window.override_target is None

    ctx.settings.record_pairing(server_url="https://127.0.0.1:9", device_token="t",
                                device_name="Desk 3", gate_id=None, role="desk")
    _scan_at_desk(qtbot, window, _ticket(demo, "wrong_gate").text)
    assert window.override_button.isVisible()


def test_the_desk_is_told_what_it_can_do_not_to_see_the_desk(
        qtbot, demo, open_desk):  # type: ignore[no-untyped-def]
    """Issue 11 item 10: "the desk itself is told 'Please see the desk'". At the desk,
    the amber "already checked in" says what happened, who let them in, when and where,
    and the action the desk can take — let them in again — in the words on its button.
    Real scanner keys, the panel's own labels, English and Indonesian."""
    from kiosk.gui.i18n import Translations

    already = _ticket(demo, "already_checked_in")
    ctx, window = open_desk(demo.db)
    translations = Translations()
    for language, desk_says, button in (
            ("en", "LET IN AGAIN IF THEY WENT OUT", "Let {} in again…"),
            ("id", "IZINKAN MASUK LAGI BILA TADI KELUAR", "Izinkan {} masuk lagi…")):
        translations.install(language)
        try:
            _scan_at_desk(qtbot, window, already.text)
            shown = ctx.controller.history[-1]
            assert shown.result.reason is Reason.ALREADY_IN
            panel = window.verdict
            assert panel.instruction.text() == desk_says, panel.instruction.text()
            assert panel.title.text() == shown.text.title != ""  # what happened
            previous = shown.result.previous
            assert previous is not None and previous.device_name  # who, when, where
            assert previous.device_name in panel.detail.text()
            assert ctx.controller.local_time(previous.scanned_at) in panel.detail.text()
            assert window.override_button.isVisible()
            first = short_name(shown.result.attendee.name)
            assert window.override_button.full_text.startswith(button.format(first))
        finally:
            translations.install("en")


def test_the_kiosk_still_sends_the_attendee_to_the_desk(
        qtbot, demo, make_context):  # type: ignore[no-untyped-def]
    """The same ticket at a self-service kiosk: the attendee is sent to the desk."""
    from kiosk.gui.i18n import Translations

    ctx, window = _open_kiosk(qtbot, make_context, demo.db)
    translations = Translations()
    for language, says in (("en", "PLEASE SEE THE DESK"),
                           ("id", "SILAKAN KE MEJA REGISTRASI")):
        translations.install(language)
        try:
            scanner_types(window, _ticket(demo, "already_checked_in").text)
            assert ctx.controller.history[-1].result.reason is Reason.ALREADY_IN
            assert window.verdict.instruction.text() == says
        finally:
            translations.install("en")


def test_an_override_the_rules_refuse_meanwhile_is_said_by_its_class(
        qtbot, demo, open_desk):  # type: ignore[no-untyped-def]
    """Issue 11's override leftover: ``CheckInService.override`` raised English
    KioskErrors. Between "Check in anyway…" and its OK, the person's registration is
    cancelled (a sync), or the person is removed: nothing is recorded, and the desk's
    banner says which, by the error's class (kiosk/errors.py), in English and
    Indonesian — never the exception's English text."""
    import dataclasses

    from kiosk.core.models import AttendeeStatus
    from kiosk.gui.i18n import Translations

    ctx, window = open_desk(demo.db)
    workshop = _ticket(demo, "wrong_gate")
    original = ctx.replica.get_attendee(workshop.attendee_id)
    assert original is not None and original.status is AttendeeStatus.VALID
    translations = Translations()
    cases = (
        ("en", "cancel", "The override was not recorded: this person's ticket changed "
                         "meanwhile, and only the organisers can lift this refusal."),
        ("id", "cancel", "Pengecualian tidak dicatat: tiket orang ini baru saja berubah, "
                         "dan penolakan ini hanya bisa dicabut oleh panitia."),
        ("en", "remove", "This person is no longer on the attendee list"),
        ("id", "remove", "Orang ini sudah tidak ada di daftar peserta"))
    for language, change, said in cases:
        translations.install(language)
        try:
            ctx.replica.upsert_attendees([original])  # as before the last case
            _scan_at_desk(qtbot, window, workshop.text)
            assert ctx.controller.history[-1].result.reason is Reason.WRONG_GATE
            qtbot.mouseClick(window.override_button, Qt.MouseButton.LeftButton)
            dialog = window.override_dialog
            dialog.choice.setCurrentIndex(1)
            if change == "cancel":
                ctx.replica.upsert_attendees([dataclasses.replace(
                    original, status=AttendeeStatus.CANCELLED)])
            else:
                ctx.replica.delete_attendee(workshop.attendee_id)
            before = len(ctx.controller.history)
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda d=dialog: not d.isVisible(), timeout=2000)
            qtbot.waitUntil(lambda: window.banner.text() != "", timeout=2000)
            assert window.banner.text().startswith(said), window.banner.text()
            assert "(" + "wrong_gate" not in window.banner.text()
            assert len(ctx.controller.history) == before  # no verdict: nothing recorded
            assert not [c for c in ctx.replica.checkins()
                        if c["attendee_id"] == workshop.attendee_id
                        and c["verdict"] == "override"]
            window.banner.clear_message()
        finally:
            translations.install("en")


def test_the_desk_s_own_trouble_is_not_told_to_see_the_desk(
        qtbot, demo, open_desk, tmp_path):  # type: ignore[no-untyped-def]
    """The banners the kiosk shows attendees ("please use the registration desk") are
    the desk's own trouble at a desk: a scan its read-only disk cannot store, its
    replica damaged and rebuilt, check-ins the central list refused. Real failures
    through the real desk window, English and Indonesian."""
    from kiosk.gui.i18n import Translations
    from kiosk.gui.ui.status_bar import StatusFigures
    from tests.replica.test_replica_doctor import damage_pages

    ctx, window = open_desk(demo.db)
    said: list[str] = []
    ctx.controller.problem.connect(said.append)
    translations = Translations()
    for language, disk, desk_word in (
            ("en", "This desk cannot record check-ins", "registration desk"),
            ("id", "Meja ini tidak bisa mencatat check-in", "ke meja registrasi")):
        translations.install(language)
        try:
            ctx.replica.conn.execute("PRAGMA query_only = ON")  # the medium is read-only
            try:
                _scan_at_desk(qtbot, window, _ticket(demo, "accepted").text)
            finally:
                ctx.replica.conn.execute("PRAGMA query_only = OFF")
            qtbot.waitUntil(lambda: window.banner.text() != "", timeout=2000)
            assert window.banner.text().startswith(disk), window.banner.text()
            assert desk_word not in window.banner.text()
            window.status.show_figures(StatusFigures(connection="online",
                                                     refused_uploads=2))
            assert "2" in window.status.pending.text()
            assert desk_word not in window.status.pending.text()
            assert "desk" not in window.status.pending.text()
            window.banner.clear_message()
        finally:
            translations.install("en")

    qtbot.waitUntil(lambda: ctx.health.last_finding is not None, timeout=20_000)
    said.clear()
    damage_pages(demo.db)
    ctx.health.check_now()
    # No backup, a stand-alone desk: rebuilt from its journal, without the list.
    qtbot.waitUntil(lambda: ctx.health.state == "ok" and len(said) >= 2, timeout=30_000)
    assert said[0].startswith("Replica damaged — rebuilding."), said
    assert said[-1].startswith("Replica rebuilt without its attendee list"), said
    assert "import the attendee list again" in said[-1]
    assert all("registration desk" not in s for s in said), said
