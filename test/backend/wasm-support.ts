import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-layers"; // registers every gradient with tfjs-core
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { enableBlas, installWasmKernels } from "../../lib/backend/wasm";

/**
 * Switches to wasm with the overrides installed (idempotent), GEMMs on XNNPACK: these tests cover
 * the route every machine has; blas-*.test.ts cover the OpenBLAS one.
 */
export async function useWasm(): Promise<BackendWasm> {
  await tf.setBackend("wasm");
  installWasmKernels();
  enableBlas(false);
  return tf.backend() as BackendWasm;
}

/** A seeded generator of floats in [-1, 1) (mulberry32), so every run sees the same inputs. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

/** `size` seeded values in [-1, 1). */
export function randomData(size: number, seed: number): Float32Array {
  const next = seeded(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = next();
  return out;
}

/**
 * Fills freed wasm heap blocks of many sizes with NaN (allocates, then frees, NaN tensors from 1 KiB
 * to 16 MiB), so a kernel that leaves part of its output unwritten shows NaN instead of whatever
 * the allocator happens to hand back.
 */
export function dirtyWasmHeap(): void {
  const blocks: tf.Tensor[] = [];
  for (let size = 1 << 8; size <= 1 << 22; size <<= 2) {
    for (let i = 0; i < Math.max(1, 64 >> Math.log2(size / 256)); i++) blocks.push(tf.fill([size], NaN));
  }
  tf.dispose(blocks);
}

/** Runs `build` on `backend` and returns each produced tensor's values; disposes everything. */
export async function valuesOn(backend: string, build: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  if (backend === "wasm") {
    await useWasm();
    dirtyWasmHeap();
  } else {
    await tf.setBackend(backend);
  }
  const out = tf.tidy(build);
  const list = Array.isArray(out) ? out : [out];
  const values = list.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(list);
  return values;
}

/** max |got - want| / (max |want| + 1e-6); Infinity when sizes differ or anything is NaN. */
export function relativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (Number.isNaN(d)) return Infinity;
    diff = Math.max(diff, d);
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return diff / (scale + 1e-6);
}

/**
 * Counts wasm heap blocks that JavaScript allocates through the module's `_malloc` / `_free`
 * (every tensor buffer, including kernel temporaries), by wrapping both functions.
 */
export function trackWasmMallocs(backend: BackendWasm): { liveBytes(): number; liveBlocks(): number; stop(): void } {
  const wasm = backend.wasm as unknown as { _malloc(n: number): number; _free(p: number): void };
  const malloc = wasm._malloc;
  const freeFn = wasm._free;
  const live = new Map<number, number>();
  wasm._malloc = (n: number) => {
    const p = malloc.call(wasm, n);
    live.set(p >>> 0, n);
    return p;
  };
  wasm._free = (p: number) => {
    live.delete(p >>> 0);
    freeFn.call(wasm, p);
  };
  return {
    liveBytes: () => [...live.values()].reduce((s, n) => s + n, 0),
    liveBlocks: () => live.size,
    stop: () => {
      wasm._malloc = malloc;
      wasm._free = freeFn;
    },
  };
}
