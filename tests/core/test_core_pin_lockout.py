"""The one PIN lockout rule (kiosk/core/config.py ``pin_lockout``), and its store: five
wrong PINs in a row lock the PIN for five minutes, whoever asks and however often the
dialog is opened (the dialog's own counter was lifted by closing it)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.core.config import (
    MAX_PIN_TRIES,
    PIN_LOCKOUT,
    DeviceConfig,
    PinTries,
    pin_lockout,
)
from kiosk.replica.db import Replica

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_the_fifth_wrong_pin_in_a_row_locks_and_a_right_one_clears():
    tries = PinTries()
    for n in range(1, MAX_PIN_TRIES):
        tries, locked = pin_lockout(tries, T0, correct=False)
        assert tries.failures == n and not locked
    cleared, locked = pin_lockout(tries, T0, correct=True)
    assert cleared == PinTries() and not locked
    tries, locked = pin_lockout(tries, T0, correct=False)
    assert locked == PIN_LOCKOUT and tries.locked_at == T0


def test_a_lock_lasts_its_time_and_tries_meanwhile_count_for_nothing():
    locked_state = PinTries(0, T0)
    state, left = pin_lockout(locked_state, T0 + timedelta(minutes=2), correct=True)
    assert left == timedelta(minutes=3) and state == locked_state  # even the right PIN
    state, left = pin_lockout(locked_state, T0 + PIN_LOCKOUT, correct=None)
    assert not left and state == PinTries()
    state, left = pin_lockout(locked_state, T0 + PIN_LOCKOUT, correct=False)
    assert not left and state.failures == 1  # a fresh count after the lock


def test_a_clock_set_back_neither_lifts_nor_stretches_the_lock():
    locked_state = PinTries(0, T0)
    back = T0 - timedelta(hours=3)
    state, left = pin_lockout(locked_state, back)
    assert left == PIN_LOCKOUT and state.locked_at == back  # counted from now, 5 min
    _, later = pin_lockout(state, back + timedelta(minutes=4))
    assert later == timedelta(minutes=1)


def test_the_lock_is_stored_in_the_replica(tmp_path):
    with Replica(tmp_path / "k.db") as replica:
        config = DeviceConfig(replica)
        for _ in range(MAX_PIN_TRIES - 1):
            answer = config.try_pin("0000", T0)
            assert not answer.unlocked and not answer.locked_for
        assert answer.tries_left == 1
        assert config.try_pin("0000", T0).locked_for == PIN_LOCKOUT
    with Replica(tmp_path / "k.db") as replica:  # "restarted"
        config = DeviceConfig(replica)
        assert config.pin_locked_for(T0 + timedelta(seconds=30)) == timedelta(minutes=4,
                                                                             seconds=30)
        answer = config.try_pin("1234", T0 + timedelta(minutes=1))  # the default PIN
        assert not answer.unlocked and answer.locked_for == timedelta(minutes=4)
        assert config.try_pin("1234", T0 + PIN_LOCKOUT).unlocked
        assert config.pin_tries() == PinTries()
