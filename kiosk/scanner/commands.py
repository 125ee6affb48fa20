"""`kiosk` subcommands of the scanner package (registered by kiosk.cli): ``kiosk decode``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``kiosk decode``."""
    p = sub.add_parser(
        "decode",
        help="decode QR codes in images, folders of images or videos",
        description=(
            "Decode the QR codes in image files, folders of images and video files with "
            "the same decoder stack the kiosk uses. With --json, prints one JSON line per "
            'image (per frame for a video): {"file": ..., "codes": [{"text": ..., '
            '"points": [[x, y], ...]}], "ms": ...} where ms is the decode time. Exits 0 '
            "when every input could be read (codes found or not), 1 when some could not."
        ),
    )
    p.add_argument("inputs", nargs="*", metavar="IMAGE_OR_VIDEO",
                   help="image file, folder of images, or video file")
    p.add_argument("--json", action="store_true", help="one JSON line per image or frame")
    p.add_argument("--decoder", default=None, metavar="NAME",
                   help="decoder backend: stack (default), zxing, zbar, opencv, ... "
                        "(see `kiosk decode --list-decoders`)")
    p.add_argument("--list-decoders", action="store_true",
                   help="list the decoder backends installed here and exit")
    p.set_defaults(handler=_decode_command)


def _printable(text: str) -> str:
    return text if text.isprintable() else repr(text)


def _decode_command(args: argparse.Namespace) -> int:
    from kiosk.errors import ConfigError, SourceUnavailable
    from kiosk.scanner.decode import _stages, available_decoders, decode_frame
    from kiosk.scanner.sources import ImageFilesSource, open_source

    if args.list_decoders:
        for name in available_decoders():
            print(name)
        return 0
    if not args.inputs:
        raise ConfigError("Name at least one image, folder of images or video to decode.")
    _stages(args.decoder)  # an unknown or missing decoder: DecodeError, before any work

    failures = 0
    for spec in args.inputs:
        path = Path(spec)
        try:
            # Only files and folders here: a bare number must not open a camera.
            if not path.exists():
                raise SourceUnavailable(f"{path} does not exist.")
            source = open_source(path)
        except SourceUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            failures += 1
            continue
        frames = 0
        with_codes = 0
        is_video = not isinstance(source, ImageFilesSource)
        with source:
            while True:
                try:
                    frame = source.read()
                except SourceUnavailable as exc:
                    print(f"error: {exc}", file=sys.stderr)
                    failures += 1
                    break
                if frame is None:
                    break
                frames += 1
                name = str(spec) if is_video else str(getattr(source, "current_path", spec))
                start = time.perf_counter()
                codes = decode_frame(frame, decoder=args.decoder)
                ms = (time.perf_counter() - start) * 1000
                with_codes += bool(codes)
                if args.json:
                    print(json.dumps({
                        "file": name,
                        "codes": [{"text": c.text, "points": [list(p) for p in c.points]}
                                  for c in codes],
                        "ms": round(ms, 2),
                    }))
                elif is_video:
                    for c in codes:
                        print(f"{name} frame {frames - 1}: {_printable(c.text)}")
                else:
                    found = f"{len(codes)} code{'s' * (len(codes) != 1)}" if codes else "no code"
                    print(f"{name}: {found} ({ms:.1f} ms)")
                    for c in codes:
                        print(f"  {_printable(c.text)}")
            skipped = getattr(source, "skipped", [])
            for bad in skipped:
                print(f"error: cannot read {bad} as an image", file=sys.stderr)
            failures += len(skipped)
            if is_video and frames == 0:
                print(f"error: cannot read {spec}: no frames could be decoded from it",
                      file=sys.stderr)
                failures += 1
            elif is_video and not args.json:
                print(f"{spec}: {frames} frames, {with_codes} with codes")
    return 1 if failures else 0
