"""What a desk can do about a refusal (kiosk/core/roles.py ``desk_advice``): the desk's
instruction follows from the override rule, so the desk is never sent to itself."""

from __future__ import annotations

from kiosk.core.roles import OVERRIDABLE, DeskAdvice, Role, desk_advice, may_override
from kiosk.core.verdicts import Reason

REFUSALS = [r for r in Reason if not r.verdict.admits and r is not Reason.NOT_A_TICKET]


def test_a_desk_is_offered_what_it_may_overrule_and_told_who_can_help_otherwise() -> None:
    advice = {r: desk_advice(Role.DESK, r) for r in REFUSALS}
    assert advice[Reason.ALREADY_IN] is DeskAdvice.LET_IN_AGAIN
    for r in (Reason.WRONG_GATE, Reason.GATE_CLOSED_TODAY, Reason.EVENT_NOT_ON_TODAY,
              Reason.TICKET_NOT_VALID_TODAY):
        assert advice[r] is DeskAdvice.CHECK_IN_ANYWAY, r
    for r in (Reason.UNKNOWN, Reason.FORGED, Reason.FOR_ANOTHER_EVENT):
        assert advice[r] is DeskAdvice.FIND_BY_NAME, r
    for r in (Reason.REVOKED, Reason.CANCELLED, Reason.UNPAID):
        assert advice[r] is DeskAdvice.ORGANISERS, r
    assert advice[Reason.NOT_INSIDE] is DeskAdvice.NO_EXIT
    # The offer is exactly what the override rule allows.
    offered = {r for r, a in advice.items()
               if a in (DeskAdvice.LET_IN_AGAIN, DeskAdvice.CHECK_IN_ANYWAY)}
    assert offered == set(OVERRIDABLE) == {r for r in REFUSALS if may_override(Role.DESK, r)}


def test_a_device_paired_as_a_kiosk_in_desk_mode_is_never_offered_an_override() -> None:
    for r in REFUSALS:
        advice = desk_advice(Role.KIOSK, r)
        assert advice not in (DeskAdvice.LET_IN_AGAIN, DeskAdvice.CHECK_IN_ANYWAY), r
    assert desk_advice(Role.KIOSK, Reason.ALREADY_IN) is DeskAdvice.ORGANISERS
