"""The passages rule: what one pass through a gate means, given the earlier ones that day.

One rule, used by the kiosk's :func:`kiosk.core.verdicts.decide` (admit or refuse a scan)
and by the central list's ingest (mark an uploaded entry ``duplicate`` when a kiosk that
knew everything would have refused it), so the two sides cannot disagree.

It works on plain values, so either side can call it without its storage::

    >>> passage_outcome(["entry", "exit"], "entry", allow_reentry=False).outcome
    <Passage.ALREADY_IN: 'already_in'>
    >>> passage_outcome(["entry", "exit"], "entry", allow_reentry=True)
    PassageRuling(outcome=<Passage.REENTRY: 'reentry'>, earlier=0)

``history`` is the directions of the person's *standing* passages at this gate on this
event-local day, oldest first: undo rows and the passages they undo are left out by the
caller, and entries another side admitted (or flagged duplicate) are kept, since the
person did go through. ``direction`` is ``"entry"`` or ``"exit"`` (a
:class:`~kiosk.core.models.Direction` or its string value).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

_ENTRY = "entry"
_EXIT = "exit"


class Passage(StrEnum):
    FIRST_ENTRY = "first_entry"  # no entry at this gate today yet: admit
    REENTRY = "reentry"  # back in after an exit, at a gate that allows it: admit
    ALREADY_IN = "already_in"  # entered today already: refuse (central: a duplicate)
    EXIT = "exit"  # an exit is always recorded

    @property
    def admits(self) -> bool:
        return self is not Passage.ALREADY_IN


@dataclass(frozen=True)
class PassageRuling:
    outcome: Passage
    #: Index in ``history`` of the earlier passage this one is measured against: the
    #: day's first entry for ``ALREADY_IN`` (the one a duplicate is a duplicate *of*), the
    #: latest entry for ``REENTRY``; ``None`` otherwise.
    earlier: int | None = None


def passage_outcome(history: Sequence[str], direction: str, *,
                    allow_reentry: bool) -> PassageRuling:
    """What a passage in ``direction`` means after ``history`` at a gate whose re-entry
    rule is ``allow_reentry`` (see the module docstring for what ``history`` holds).

    An entry is a first entry when no entry came before it today; a re-entry when the
    latest passage was an exit and the gate allows re-entry; otherwise the person is
    already in (an exit does not reopen a gate without re-entry).
    """
    for d in (*history, direction):
        if d not in (_ENTRY, _EXIT):
            raise ValueError(f"{d!r} is not a passage (only entries and exits are)")
    if direction == _EXIT:
        return PassageRuling(Passage.EXIT)
    entries = [i for i, d in enumerate(history) if d == _ENTRY]
    if not entries:
        return PassageRuling(Passage.FIRST_ENTRY)
    if history[-1] == _EXIT and allow_reentry:
        return PassageRuling(Passage.REENTRY, entries[-1])
    return PassageRuling(Passage.ALREADY_IN, entries[0])


__all__ = ["Passage", "PassageRuling", "passage_outcome"]
