"""An attendee read from storage: a dict row (the central list) and a plain row (the
kiosk's scan lookup) are one rule, ``Attendee.from_values``."""

from __future__ import annotations

import pytest

from kiosk.core.models import ATTENDEE_FIELDS, Attendee, AttendeeStatus


@pytest.mark.parametrize("stored", [
    {"id": "a", "event_id": "e", "name": "Ani", "code": "C1", "email": "a@x.id",
     "organisation": "UI", "ticket_type": "VIP", "status": "cancelled",
     "details": '{"Kaos": "L"}', "source": "console"},
    {"id": "b", "event_id": "e", "name": None, "code": None, "email": None,
     "organisation": None, "ticket_type": None, "status": None, "details": "{}",
     "source": None},
    {"id": "c", "event_id": "e", "name": "Citra", "code": "C3", "email": "",
     "organisation": "", "ticket_type": "", "status": "valid", "details": {"Meja": "4"},
     "source": "walk-in"},
    {"id": "d", "event_id": "e", "name": "Dodi", "code": "C4", "email": "", "organisation": "",
     "ticket_type": "", "status": "valid", "details": "", "source": "import"},
])
def test_a_dict_row_and_a_plain_row_give_the_same_attendee(stored: dict[str, object]) -> None:
    plain = tuple(stored[f] for f in ATTENDEE_FIELDS)
    assert Attendee.from_values(plain) == Attendee.from_row(stored)


def test_missing_values_read_as_the_defaults_and_details_are_parsed() -> None:
    person = Attendee.from_values(("b", "e", None, None, None, None, None, None, "{}", None))
    assert person == Attendee("b", "e", "")
    assert person.status is AttendeeStatus.VALID and person.details == {}
    kaos = Attendee.from_values(("a", "e", "Ani", "C", "", "", "", "cancelled",
                                 '{"Kaos": "L"}', "import"))
    assert kaos.status is AttendeeStatus.CANCELLED and kaos.details == {"Kaos": "L"}


def test_an_unknown_status_is_refused_not_read_as_valid() -> None:
    with pytest.raises(ValueError):
        Attendee.from_values(("a", "e", "Ani", "C", "", "", "", "banned", "{}", "import"))
