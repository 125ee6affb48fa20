"""Settings: declared once, typed, validated, stored in the replica's meta table; the PIN
only as a salted hash; the staff settings dialog validates before storing anything."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.core.config import SETTINGS, DeviceConfig, check_pin_hash, hash_pin
from kiosk.errors import ConfigError
from kiosk.replica.db import Replica


def test_defaults_types_and_round_trip(tmp_path):
    with Replica(tmp_path / "r.db") as replica:
        settings = DeviceConfig(replica)
        for s in SETTINGS:
            assert isinstance(settings.get(s.name), s.type), s.name
        settings.set("sound", False)
        settings.set("verdict_seconds", "2.5")
        settings.set("mode", "desk")
        assert replica.get_meta("setting.sound") == "0"
    with Replica(tmp_path / "r.db") as replica:  # persisted
        settings = DeviceConfig(replica)
        assert settings.get("sound") is False
        assert settings.get("verdict_seconds") == 2.5
        assert settings.get("mode") == "desk"


def test_bad_values_are_refused_in_plain_words(tmp_path):
    with Replica(tmp_path / "r.db") as replica:
        settings = DeviceConfig(replica)
        with pytest.raises(ConfigError, match="must be one of: kiosk, desk"):
            settings.set("mode", "tablet")
        with pytest.raises(ConfigError, match="not a valid float"):
            settings.set("verdict_seconds", "soon")
        with pytest.raises(ConfigError, match="http"):
            settings.set("server_url", "ftp://x")
        with pytest.raises(ConfigError, match="no setting called"):
            settings.set("colour", "red")
        # all or nothing
        with pytest.raises(ConfigError):
            settings.update({"sound": False, "mode": "tablet"})
        assert settings.get("sound") is True
        # A hand-edited bad value falls back to the default instead of stopping the kiosk.
        replica.set_meta("setting.verdict_seconds", "-3")
        assert settings.get("verdict_seconds") == 3.0


def test_the_pin_is_stored_hashed(tmp_path):
    with Replica(tmp_path / "r.db") as replica:
        settings = DeviceConfig(replica)
        assert settings.pin_is_default() and settings.check_pin("1234")
        settings.set_pin("975310")
        stored = replica.get_meta("setting.pin_hash")
        assert stored and "975310" not in stored and stored.startswith("pbkdf2$")
        assert settings.check_pin("975310") and not settings.check_pin("1234")
        with pytest.raises(ConfigError, match="4 to 12 digits"):
            settings.set_pin("12ab")
    assert check_pin_hash("4321", hash_pin("4321")) and not check_pin_hash("4322",
                                                                         hash_pin("4321"))


def test_gate_setting_drives_the_check_in_service(demo, make_context):
    ctx = make_context(demo.db)
    ctx.settings.set("gate_id", "workshops")
    ctx.apply_settings()
    assert ctx.controller.service.gate().id == "workshops"


def test_settings_dialog_validates_then_stores(qtbot, demo, make_context):
    from kiosk.gui.settings_dialog import SettingsDialog

    ctx = make_context(demo.db)
    dialog = SettingsDialog(ctx.settings, ctx.replica)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.server.setText("not a url")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "http" in dialog.error.text() and dialog.isVisible()
    assert ctx.settings.get("server_url") == ""
    dialog.server.setText("")
    dialog.sound.setChecked(False)
    dialog.gate.setCurrentIndex(dialog.gate.findData("vip-lounge"))
    dialog.pin.setText("8642")
    dialog.pin_again.setText("8642")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert ctx.settings.get("sound") is False
    assert ctx.settings.get("gate_id") == "vip-lounge"
    assert ctx.settings.check_pin("8642")
