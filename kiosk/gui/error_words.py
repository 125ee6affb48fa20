"""What staff read when something failed, in the screen's language: one table from the
error's class (kiosk/errors.py: the class is the kind) to translated words. The
exceptions' own messages are English for the command line and the log; a screen shows
:func:`error_words` instead (badge printing, walk-in registration, the desk's override
and check-in by hand, the desk's search banner, the status bar's sync tooltip). Never
chosen by matching the English text."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.errors import (
    AttendeeGone,
    AuthError,
    BadgeAlreadyPrinted,
    CaptivePortal,
    CentralRestored,
    CertificateChanged,
    ConfigError,
    ConstraintViolated,
    DiskFull,
    GateRemoved,
    LiveUnavailable,
    NoEvent,
    NotACentralList,
    NotAReplica,
    NotOverridable,
    NotPaired,
    OverrideReasonInvalid,
    OverrideRefused,
    PairingConflict,
    PrinterUnavailable,
    ProtocolError,
    ReplicaDamaged,
    ReplicaError,
    ReplicaIOError,
    ReplicaLocked,
    ReplicaReadOnly,
    ServerUnavailable,
    SyncError,
    WalkinNeedsName,
)

# lupdate finds translate("Context", "text") calls; the alias keeps lines short.
translate = QCoreApplication.translate

#: The error class -> its words (English source, translated when shown). ``{time}``: a
#: badge's earlier print (BadgeAlreadyPrinted.at); ``{limit}``: the longest override
#: reason (OverrideReasonInvalid.limit).
WORDS: dict[type[BaseException], object] = {  # (QT_TRANSLATE_NOOP: the text)
    # the replica
    NotAReplica: QT_TRANSLATE_NOOP("ErrorWords",
        "This device's data file is not an attendee list. Please tell the "
        "organiser."),
    ReplicaLocked: QT_TRANSLATE_NOOP("ErrorWords",
        "The attendee list on this device is busy (another program is using "
        "it). Try again in a moment."),
    DiskFull: QT_TRANSLATE_NOOP("ErrorWords",
        "This device's disk is full, so nothing was saved. Please tell the "
        "organiser."),
    ReplicaDamaged: QT_TRANSLATE_NOOP("ErrorWords",
        "The attendee list on this device is damaged. It is being rebuilt: "
        "try again in a moment, or tell the organiser."),
    ReplicaIOError: QT_TRANSLATE_NOOP("ErrorWords",
        "This device could not read or write its disk. Please tell the "
        "organiser."),
    ReplicaReadOnly: QT_TRANSLATE_NOOP("ErrorWords",
        "This device cannot write to its disk (it is read-only), so nothing "
        "was saved. Please tell the organiser."),
    ConstraintViolated: QT_TRANSLATE_NOOP("ErrorWords",
        "This clashes with something already saved here, so it was not "
        "saved. Try again."),
    ReplicaError: QT_TRANSLATE_NOOP("ErrorWords",
        "The attendee list on this device could not be read or written. "
        "Please tell the organiser."),
    # the desk's own refusals
    NoEvent: QT_TRANSLATE_NOOP("ErrorWords",
        "This device has no event yet: pair it with the central list "
        "(Settings) first."),
    WalkinNeedsName: QT_TRANSLATE_NOOP("ErrorWords",
        "A walk-in needs a name."),
    PrinterUnavailable: QT_TRANSLATE_NOOP("ErrorWords",
        "The printer could not be started. Check that it is switched on and "
        "connected."),
    BadgeAlreadyPrinted: QT_TRANSLATE_NOOP("ErrorWords",
        "A badge was already printed at {time}."),
    # the desk's override ("Check in anyway", kiosk/core/roles.py)
    OverrideReasonInvalid: QT_TRANSLATE_NOOP("ErrorWords",
        "The override was not recorded: it needs a reason of one line, at most "
        "{limit} characters."),
    NotOverridable: QT_TRANSLATE_NOOP("ErrorWords",
        "The override was not recorded: this person's ticket changed meanwhile, "
        "and only the organisers can lift this refusal. Look them up again."),
    OverrideRefused: QT_TRANSLATE_NOOP("ErrorWords",
        "The override was not recorded: the rules do not allow it here."),
    AttendeeGone: QT_TRANSLATE_NOOP("ErrorWords",
        "This person is no longer on the attendee list (the organisers removed "
        "them meanwhile), so nothing was recorded. Look them up again."),
    # talking to the central list (or pretix)
    NotPaired: QT_TRANSLATE_NOOP("ErrorWords",
        "This device is not paired with a central list."),
    PairingConflict: QT_TRANSLATE_NOOP("ErrorWords",
        "This device holds other data, so it was not paired."),
    AuthError: QT_TRANSLATE_NOOP("ErrorWords",
        "The server no longer accepts this device: pair it again "
        "(Settings)."),
    CaptivePortal: QT_TRANSLATE_NOOP("ErrorWords",
        "The venue's Wi-Fi asks for a login first: log in with a web "
        "browser on this network."),
    ServerUnavailable: QT_TRANSLATE_NOOP("ErrorWords",
        "The server cannot be reached: check the network (Wi-Fi or cable). "
        "Check-ins are kept here and sent later."),
    CertificateChanged: QT_TRANSLATE_NOOP("ErrorWords",
        "The server answering is not the one this device was paired with "
        "(its certificate is different). Nothing was sent. Pair again if "
        "the organiser replaced it."),
    NotACentralList: QT_TRANSLATE_NOOP("ErrorWords",
        "Something answered at the server's address, but it is not the "
        "server this device was paired with. Check the network, or tell the "
        "organiser."),
    CentralRestored: QT_TRANSLATE_NOOP("ErrorWords",
        "The central list was restored from a backup: this device sends it "
        "everything again."),
    LiveUnavailable: QT_TRANSLATE_NOOP("ErrorWords",
        "The server sends no live updates: this device asks it for changes "
        "every few seconds."),
    ProtocolError: QT_TRANSLATE_NOOP("ErrorWords",
        "The server answered something this device does not understand. "
        "Please tell the organiser: an update may be needed."),
    SyncError: QT_TRANSLATE_NOOP("ErrorWords",
        "Syncing failed (the details are in the log)."),
    ConfigError: QT_TRANSLATE_NOOP("ErrorWords",
        "A setting of this device is wrong (the details are in the log). "
        "Please tell the organiser."),
}


def error_words(exc: BaseException | None) -> str:
    """Plain words for ``exc`` in the screen's language, by its class (the nearest class
    in the table); "" for None; any other failure is an unexpected problem."""
    if exc is None:
        return ""
    if isinstance(exc, GateRemoved):
        from kiosk.gui.controller import gate_removed_words

        return gate_removed_words(exc)
    for cls in type(exc).__mro__:
        if cls in WORDS:
            return translate("ErrorWords", str(WORDS[cls])).format(
                time=getattr(exc, "at", ""), limit=getattr(exc, "limit", ""))
    return translate("ErrorWords", "An unexpected problem (the details are in the log). "
                                "Please tell the organiser.")
