import { backendInfo, describeBackend } from "../backend";
import { JUPYTER_DISPLAY } from "../display/jupyter";
import { trainingRuns } from "../train/cached";
import { PROVENANCE_HOOK } from "./kernel-keys";

const HOOK: unique symbol = Symbol.for(PROVENANCE_HOOK) as any;

/**
 * What this process ran on and trained: the backend and every train-or-load run, in order. The
 * report keeps it per notebook in metrics.json (`KernelProvenance`).
 */
export interface RunProvenance {
  /** e.g. `wasm (tfjs 4.22.0, SIMD, 1 thread) + OpenBLAS 0.3.21 (...)`; null when the notebook never picked one. */
  backend: string | null;
  /** Backend name (`wasm`, `tensorflow-gpu`, ...). */
  backendName: string | null;
  blas: string | null;
  /** What the same seed reproduces (BackendInfo.reproducibility), e.g. `portable: wasm SIMD kernels + VAE Lab's GEMM (...)`. */
  reproducibility: string | null;
  tfjs: string | null;
  /** Seeds of the training runs, in order. */
  seeds: number[];
  /** Checkpoint folders the notebook trained or loaded (absolute paths), with whether each was loaded. */
  checkpoints: { id: string; path: string; loaded: boolean }[];
}

/** This process's provenance (see {@link RunProvenance}). */
export function provenance(): RunProvenance {
  const info = backendInfo();
  const runs = trainingRuns();
  return {
    backend: info ? describeBackend(info) : null,
    backendName: info?.name ?? null,
    blas: info?.blas ?? null,
    reproducibility: info?.reproducibility ?? null,
    tfjs: info?.tfjsVersion ?? null,
    seeds: runs.map((r) => r.seed),
    checkpoints: runs.map(({ id, path, loaded }) => ({ id, path, loaded })),
  };
}

/**
 * Publishes {@link provenance} at `globalThis[Symbol.for("vae-lab.provenance")]` as a function whose
 * value displays as `application/json`, so the report's runner can ask a kernel for it with a
 * user expression, knowing nothing of models.
 */
export function publishProvenance(): void {
  Object.defineProperty(globalThis, HOOK, {
    value: () => ({ [JUPYTER_DISPLAY]: () => ({ "application/json": provenance(), "text/plain": JSON.stringify(provenance()) }) }),
    configurable: true,
    writable: true,
  });
}
