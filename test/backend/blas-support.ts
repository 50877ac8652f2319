import * as tf from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { blas, BlasBinding, enableBlas, installWasmKernels } from "../../lib/backend/wasm";
import { dirtyWasmHeap } from "./wasm-support";

/**
 * Options for tests of the OpenBLAS route: they run when the optional `vae-lab-blas` addon is
 * built and skip with the reason when it is not (a normal configuration: `npm ci` without
 * libopenblas-dev). Under `VAE_LAB_REQUIRE_SYSTEM_TOOLS=1` (CI installs libopenblas-dev) a missing
 * addon is a failure.
 */
export function needsBlas(): { skip?: string } {
  const status = blas();
  if (status.binding) return {};
  if (process.env.VAE_LAB_REQUIRE_SYSTEM_TOOLS === "1") {
    throw new Error(`vae-lab-blas expected under VAE_LAB_REQUIRE_SYSTEM_TOOLS=1: ${status.description}`);
  }
  return { skip: `OpenBLAS route not available: ${status.description}` };
}

/** Switches to wasm with the overrides installed and the GEMMs on OpenBLAS. */
export async function useBlasWasm(): Promise<BackendWasm> {
  await tf.setBackend("wasm");
  installWasmKernels();
  if (!enableBlas(true)) throw new Error(`OpenBLAS route not available: ${blas().description}`);
  return tf.backend() as BackendWasm;
}

/** Counts calls of the addon's function `name` (default sgemm) made while `fn` runs. */
export function countNative<T>(fn: () => T, name: keyof BlasBinding = "sgemm"): { result: T; calls: number } {
  const binding = blas().binding as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = binding[name];
  if (typeof original !== "function") throw new Error(`vae-lab-blas has no ${name}: rebuild it (npm ci)`);
  let calls = 0;
  binding[name] = (...args: unknown[]) => {
    calls++;
    return original(...args);
  };
  try {
    return { result: fn(), calls };
  } finally {
    binding[name] = original;
  }
}

/**
 * Runs `build` on wasm with the GEMMs on OpenBLAS (heap dirtied with NaN first) and returns each
 * produced tensor's values and how many calls of the addon's `counted` function (default sgemm)
 * it made; disposes everything.
 */
export async function blasValues(build: () => tf.Tensor | tf.Tensor[], counted: keyof BlasBinding = "sgemm"): Promise<{ values: Float32Array[]; calls: number }> {
  await useBlasWasm();
  dirtyWasmHeap();
  const { result, calls } = countNative(() => tf.tidy(build), counted);
  const list = Array.isArray(result) ? result : [result];
  const values = list.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(list);
  return { values, calls };
}
