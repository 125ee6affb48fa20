"""The deblurring stage (zxing-deblur): WeChat's detector boxes a small, soft code that the
rest of the stack cannot read; its crop, resized and deconvolved, is read.

Frames are our own tickets, rendered and degraded here; nothing depends on the photo set
in ../shared/data (bench/photos.py measures that).
"""

from __future__ import annotations

import numpy as np

from kiosk.scanner import decode
from kiosk.scanner.decode import detect_boxes, read_deblurred, to_gray
from tests.scanner.test_scanner_decode import SIGNED, rendered, scene
from tests.scanner.test_scanner_stack import assert_read_by_one_stage


def soft_small_frame() -> np.ndarray:
    """A ticket QR of 3 px modules, out of focus (Gaussian blur of 1.8 px), light sensor
    noise: no other stage of the stack reads it."""
    return scene(rendered(SIGNED, box_size=3), blur=1.8, noise=2)


def test_the_deblur_stage_reads_a_soft_small_code_the_stack_misses() -> None:
    # Every other stage misses it; corners mapped back from the resized crop to the
    # frame: around its centre.
    assert_read_by_one_stage(soft_small_frame(), "zxing-deblur", SIGNED, within=10)


def test_the_detector_boxes_the_code_and_nothing_in_an_empty_scene() -> None:
    gray = to_gray(soft_small_frame())
    assert gray is not None
    (box,) = detect_boxes(gray)
    x0, y0, x1, y1 = box
    assert x0 < 640 < x1 and y0 < 360 < y1
    empty = to_gray(scene(np.full((8, 8), 128, np.uint8), noise=2))
    assert empty is not None
    assert detect_boxes(empty) == []
    assert read_deblurred(empty) == []


def test_deconvolution_keeps_the_image_shape_and_range() -> None:
    gray = to_gray(soft_small_frame())
    assert gray is not None
    crop = gray[300:420, 580:700]
    out = decode._richardson_lucy(crop, 2.0)
    assert out.shape == crop.shape and out.dtype == np.uint8
    # Sharper: more contrast between neighbouring pixels than the blurred input.
    assert np.abs(np.diff(out.astype(int), axis=1)).mean() > \
        np.abs(np.diff(crop.astype(int), axis=1)).mean()
