"""Dense datasheet peaks (TFLOP/s) of known GPUs, for the share of peak a cell achieves.

NVIDIA's datasheets print tensor-core figures "with sparsity"; the dense
figure, used here, is half of it. fp32 is the non-tensor-core FP32 rate (the
ceiling of a cell with TF32 off).

Sources: NVIDIA H100 Tensor Core GPU datasheet (SXM: FP32 67, TF32 989*,
BF16 1,979*; PCIe: 51, 756*, 1,513*; NVL: 60, 835*, 1,671*; * with
sparsity); NVIDIA H200 datasheet (SXM as H100 SXM; NVL as H100 NVL);
NVIDIA A100 datasheet (FP32 19.5, TF32 156, BF16 312, dense); NVIDIA's
GeForce GTX TITAN X (Maxwell, 2015) specifications: 3,072 CUDA cores x 2
operations per clock (a fused multiply-add) x 1,075 MHz boost clock = 6.6
TFLOP/s FP32 (NVIDIA's announcement rounded it to 7), no tensor cores. The
Titan X is here for the GPU of the 2016 tables the site sets beside today's
runs (``data/reference``), whose share of peak is counted against it.
"""

from __future__ import annotations

import re

# (pattern on the lower-cased NVML name, {precision: dense TFLOP/s}); first match wins
_PEAKS: list[tuple[str, dict[str, float]]] = [
    (r"h100.*pcie", {"fp32": 51.0, "tf32": 378.0, "bf16": 756.0}),
    (r"h[12]00.*nvl", {"fp32": 60.0, "tf32": 417.5, "bf16": 835.5}),
    (r"h[12]00", {"fp32": 67.0, "tf32": 494.5, "bf16": 989.5}),  # SXM
    (r"a100", {"fp32": 19.5, "tf32": 156.0, "bf16": 312.0}),
    (r"gtx titan x", {"fp32": 6.6}),  # Maxwell; the Pascal one is "TITAN X (Pascal)", with no "GTX"
]

# (pattern, title, address) of the page each peak is taken from, for pages that cite it; first match wins
_SOURCES: list[tuple[str, str, str]] = [
    (r"h100", "NVIDIA H100 Tensor Core GPU: specifications", "https://www.nvidia.com/en-us/data-center/h100/"),
    (r"h200", "NVIDIA H200 Tensor Core GPU: specifications", "https://www.nvidia.com/en-us/data-center/h200/"),
    (r"a100", "NVIDIA A100 Tensor Core GPU: specifications", "https://www.nvidia.com/en-us/data-center/a100/"),
    (r"gtx titan x", "NVIDIA GeForce GTX TITAN X: specifications",
     "https://www.nvidia.com/en-us/geforce/graphics-cards/geforce-gtx-titan-x/specifications/"),
]


def peak_tflops(gpu_name: str) -> dict[str, float]:
    name = gpu_name.lower()
    for pattern, peaks in _PEAKS:
        if re.search(pattern, name):
            return dict(peaks)
    return {}


def peak_source(gpu_name: str) -> tuple[str, str] | None:
    """The title and address of the specification ``peak_tflops(gpu_name)`` is taken from, where known."""
    name = gpu_name.lower()
    return next(((title, url) for pattern, title, url in _SOURCES if re.search(pattern, name)), None)
