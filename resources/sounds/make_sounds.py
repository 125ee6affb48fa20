"""Synthesize the verdict sounds (16-bit mono WAV, 44.1 kHz) with numpy.

    python resources/sounds/make_sounds.py

green: a bright rising two-note chime; amber: two equal mid tones; red: a low falling
buzz-free tone pair; neutral: one soft short blip. Distinct in pitch *and* rhythm, so
they can be told apart without seeing the screen.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 44_100


def tone(freq: float, seconds: float, *, volume: float = 0.5,
         harmonics: float = 0.25) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    wave_ = np.sin(2 * np.pi * freq * t) + harmonics * np.sin(4 * np.pi * freq * t)
    # Short attack and an exponential decay: a chime, not a click.
    attack = np.minimum(t / 0.008, 1.0)
    decay = np.exp(-t * 5.0)
    return volume * wave_ * attack * decay / (1 + harmonics)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(RATE * seconds))


SOUNDS = {
    "green": lambda: np.concatenate([tone(880, 0.12), tone(1318.5, 0.35)]),
    "amber": lambda: np.concatenate([tone(660, 0.18), silence(0.08), tone(660, 0.25)]),
    "red": lambda: np.concatenate([tone(392, 0.25, harmonics=0.5), tone(261.6, 0.45,
                                                                         harmonics=0.5)]),
    "neutral": lambda: tone(523.3, 0.15, volume=0.3),
}


def write_wav(path: Path, samples: np.ndarray) -> None:
    data = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data.tobytes())


def main() -> None:
    here = Path(__file__).resolve().parent
    for name, make in SOUNDS.items():
        write_wav(here / f"{name}.wav", make())


if __name__ == "__main__":
    main()
