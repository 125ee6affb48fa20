"""`kiosk decode`: the command, run as a subprocess on real image and video files."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.tickets.render import qr_png_bytes
from tests.conftest import json_lines

TEXT = "CK1-CLITEST-0001"


def frame_with(text: str | None, size: tuple[int, int] = (640, 480)) -> np.ndarray:
    w, h = size
    frame = np.full((h, w, 3), 140, np.uint8)
    if text is not None:
        code = cv2.imdecode(np.frombuffer(qr_png_bytes(text, box_size=5), np.uint8),
                            cv2.IMREAD_COLOR)
        frame[60:60 + code.shape[0], 100:100 + code.shape[1]] = code
    return frame


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {
        "code": tmp_path / "ticket.png",
        "blank": tmp_path / "blank.jpg",
        "garbage": tmp_path / "broken.png",
        "video": tmp_path / "clip.avi",
        "folder": tmp_path / "folder",
    }
    cv2.imwrite(str(out["code"]), frame_with(TEXT))
    cv2.imwrite(str(out["blank"]), frame_with(None))
    out["garbage"].write_bytes(b"this is not a PNG at all")
    writer = cv2.VideoWriter(str(out["video"]), cv2.VideoWriter_fourcc(*"MJPG"), 10, (640, 480))
    for i in range(6):
        writer.write(frame_with(TEXT if i in (2, 3) else None))
    writer.release()
    out["folder"].mkdir()
    cv2.imwrite(str(out["folder"] / "1.png"), frame_with("CK1-FOLDER-1"))
    cv2.imwrite(str(out["folder"] / "2.png"), frame_with(None))
    return out


def test_json_output_format(run_kiosk, files) -> None:
    proc = run_kiosk("decode", "--json", str(files["code"]), str(files["blank"]))
    assert proc.returncode == 0, proc.stderr
    lines = json_lines(proc.stdout)
    assert len(lines) == 2
    for line in lines:
        assert set(line) == {"file", "codes", "ms"}
        assert isinstance(line["ms"], float) and line["ms"] >= 0
    assert lines[0]["file"] == str(files["code"])
    (code,) = lines[0]["codes"]
    assert set(code) == {"text", "points"}
    assert code["text"] == TEXT
    assert len(code["points"]) == 4
    assert all(len(p) == 2 and all(isinstance(v, int) for v in p) for p in code["points"])
    assert lines[1] == {"file": str(files["blank"]), "codes": [], "ms": lines[1]["ms"]}


def test_video_gives_one_line_per_frame(run_kiosk, files) -> None:
    proc = run_kiosk("decode", "--json", str(files["video"]))
    assert proc.returncode == 0, proc.stderr
    lines = json_lines(proc.stdout)
    assert [len(line["codes"]) for line in lines] == [0, 0, 1, 1, 0, 0]
    assert {line["file"] for line in lines} == {str(files["video"])}


def test_folder_gives_one_line_per_image(run_kiosk, files) -> None:
    proc = run_kiosk("decode", "--json", str(files["folder"]))
    assert proc.returncode == 0, proc.stderr
    lines = json_lines(proc.stdout)
    assert [Path(str(line["file"])).name for line in lines] == ["1.png", "2.png"]
    assert [c["text"] for c in lines[0]["codes"]] == ["CK1-FOLDER-1"]  # type: ignore[index]


def test_nothing_found_still_exits_zero(run_kiosk, files) -> None:
    proc = run_kiosk("decode", str(files["blank"]))
    assert proc.returncode == 0
    assert "no code" in proc.stdout


def test_human_output_and_decoder_choice(run_kiosk, files) -> None:
    proc = run_kiosk("decode", "--decoder", "zbar", str(files["code"]))
    assert proc.returncode == 0, proc.stderr
    assert "1 code" in proc.stdout and TEXT in proc.stdout
    proc = run_kiosk("decode", str(files["video"]))
    assert "6 frames, 2 with codes" in proc.stdout


def test_unreadable_files_get_a_clear_message_and_others_still_decode(run_kiosk, files,
                                                                       tmp_path) -> None:
    missing = tmp_path / "missing.png"
    proc = run_kiosk("decode", "--json", str(files["garbage"]), str(missing), str(files["code"]))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"Cannot read {files['garbage']} as an image" in proc.stderr
    assert f"{missing} does not exist" in proc.stderr
    lines = json_lines(proc.stdout)
    assert len(lines) == 1 and lines[0]["codes"][0]["text"] == TEXT  # type: ignore[index]


def test_unknown_decoder_and_no_inputs_are_clear_errors(run_kiosk, files) -> None:
    proc = run_kiosk("decode", "--decoder", "quagga", str(files["code"]))
    assert proc.returncode == 1
    assert "Unknown decoder 'quagga'" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_kiosk("decode")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_list_decoders(run_kiosk) -> None:
    proc = run_kiosk("decode", "--list-decoders")
    assert proc.returncode == 0
    names = proc.stdout.split()
    assert names[0] == "stack" and "zxing" in names and "zbar" in names
