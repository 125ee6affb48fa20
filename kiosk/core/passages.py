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

How each side reads the ruling:

- the kiosk (``decide()``): ``ALREADY_IN`` refuses the scan ("already checked in at ...,
  by ...", naming ``history[earlier]``), ``NOT_INSIDE`` refuses an exit (nobody to let
  out); the other outcomes admit and record it;
- the central list: an uploaded entry is ``duplicate`` exactly when the ruling on the
  standing passages before it (same attendee, gate and day, ordered as the kiosk saw them)
  is ``ALREADY_IN``, a duplicate of ``history[earlier]`` (the day's first entry).
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
    EXIT = "exit"  # an exit of someone inside: recorded
    NOT_INSIDE = "not_inside"  # an exit of someone not inside (never in, or out already)

    @property
    def admits(self) -> bool:
        return self not in (Passage.ALREADY_IN, Passage.NOT_INSIDE)


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
    already in (an exit does not reopen a gate without re-entry). An exit is recorded
    only for someone inside: whose latest passage here today is an entry.
    """
    for d in (*history, direction):
        if d not in (_ENTRY, _EXIT):
            raise ValueError(f"{d!r} is not a passage (only entries and exits are)")
    if direction == _EXIT:
        return PassageRuling(Passage.EXIT if is_inside(history) else Passage.NOT_INSIDE)
    entries = [i for i, d in enumerate(history) if d == _ENTRY]
    if not entries:
        return PassageRuling(Passage.FIRST_ENTRY)
    if history[-1] == _EXIT and allow_reentry:
        return PassageRuling(Passage.REENTRY, entries[-1])
    return PassageRuling(Passage.ALREADY_IN, entries[0])


def passage_matters_at(gate_id: str | None, counted_at: str) -> bool:
    """Whether a passage counted at gate ``counted_at`` can change a verdict at a device
    deciding at gate ``gate_id`` — the one rule for which check-ins a device must hold
    (the central feed serves a kiosk only these, ``kiosk/central/feed.py``).

    Every rule that reads earlier passages reads the person's history *at the gate
    deciding*, on the day decided (:func:`passage_outcome`, the grace rule, a desk's
    override vouching for the day and place, ``kiosk/core/verdicts.py``): a passage at
    another gate never changes a verdict here, on any day, whatever either gate's
    re-entry rule. So a kiosk at a gate needs that gate's passages, of every day (a
    kiosk whose clock is wrong decides by another event day). ``counted_at`` is the
    passage's gate; an undo counts at the gate of the check-in it undoes.

    ``gate_id`` None: a device that decides or shows passages at any gate needs them all
    — a desk (it shows a person's passages everywhere, the event's figures, and may undo
    any check-in), or a kiosk that did not ask for its gate's passages only.

        >>> passage_matters_at("hall-a", "hall-a"), passage_matters_at("hall-a", "vip")
        (True, False)
        >>> passage_matters_at(None, "vip")
        True
    """
    return gate_id is None or counted_at == gate_id


def is_inside(history: Sequence[str]) -> bool:
    """Whether the person is inside after ``history``: their latest passage is an entry."""
    return bool(history) and history[-1] == _ENTRY


__all__ = ["Passage", "PassageRuling", "is_inside", "passage_matters_at", "passage_outcome"]
