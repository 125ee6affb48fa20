"""The passages rule on plain values: the one rule both the kiosk's decide() and the
central list's duplicate marking use."""

from __future__ import annotations

import pytest

from kiosk.core.models import Direction
from kiosk.core.passages import Passage, PassageRuling, passage_outcome


@pytest.mark.parametrize(("history", "direction", "reentry", "expected"), [
    ([], "entry", False, PassageRuling(Passage.FIRST_ENTRY)),
    ([], "exit", False, PassageRuling(Passage.NOT_INSIDE)),  # never came in
    (["entry", "exit"], "exit", True, PassageRuling(Passage.NOT_INSIDE)),  # out already
    (["exit"], "entry", False, PassageRuling(Passage.FIRST_ENTRY)),  # left, never came in
    (["entry"], "entry", False, PassageRuling(Passage.ALREADY_IN, 0)),
    (["entry"], "entry", True, PassageRuling(Passage.ALREADY_IN, 0)),  # no exit between
    (["entry"], "exit", False, PassageRuling(Passage.EXIT)),
    # entry, exit, entry at a gate without re-entry: refused (central: a duplicate of #0)
    (["entry", "exit"], "entry", False, PassageRuling(Passage.ALREADY_IN, 0)),
    (["entry", "exit"], "entry", True, PassageRuling(Passage.REENTRY, 0)),
    (["entry", "exit", "entry", "exit"], "entry", True, PassageRuling(Passage.REENTRY, 2)),
    (["entry", "exit", "entry"], "entry", True, PassageRuling(Passage.ALREADY_IN, 0)),
    (["exit", "entry"], "entry", False, PassageRuling(Passage.ALREADY_IN, 1)),
])
def test_passage_outcome(history: list[str], direction: str, reentry: bool,
                         expected: PassageRuling) -> None:
    assert passage_outcome(history, direction, allow_reentry=reentry) == expected


def test_directions_or_their_strings_alike() -> None:
    as_enum = passage_outcome([Direction.ENTRY, Direction.EXIT], Direction.ENTRY,
                              allow_reentry=True)
    assert as_enum == passage_outcome(["entry", "exit"], "entry", allow_reentry=True)


def test_only_refusals_do_not_admit() -> None:
    assert [p for p in Passage if not p.admits] == [Passage.ALREADY_IN, Passage.NOT_INSIDE]


@pytest.mark.parametrize(("history", "direction"), [([], "undo"), (["undo"], "entry"),
                                                    (["Entry"], "entry")])
def test_an_undo_is_not_a_passage(history: list[str], direction: str) -> None:
    with pytest.raises(ValueError, match="not a passage"):
        passage_outcome(history, direction, allow_reentry=False)


def test_the_documented_examples_hold() -> None:
    import doctest

    import kiosk.core.passages

    failures, tried = doctest.testmod(kiosk.core.passages)
    assert tried >= 2 and failures == 0
