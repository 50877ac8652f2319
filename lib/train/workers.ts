import * as os from "node:os";
import { backendInfo } from "../backend";

/** How many data-parallel replicas train a model: a count, or `auto` (see {@link resolveWorkers}). */
export type Workers = number | "auto";

/** The largest replica count accepted. */
export const MAX_WORKERS = 64;

/**
 * Model families that `auto` trains with two replicas on wasm: those that measured faster with two
 * than with one on this project's 2-core machine (`npm run bench -- --workers 1|2`, ms per step at
 * batch 128; docs/performance.md, "Data-parallel workers"). Only `conv-vae` did: with the machine idle
 * conv-vae-2d 379-474 -> 229-238 ms and cond-conv-vae-2d ~400-450 -> 207-264 ms (1.65-2x); with
 * other jobs on the second core 1.0-1.3x (medians over 7 busy runs: 599 -> 475 and 665 -> 529 ms).
 * Slower with two, even idle: dense-vae-2d 45-48 -> 58-66 ms; on the busy machine gumbel-vae
 * 223 -> 507 ms (batch 28: 94 -> 219), joint-vae 242 -> 609 ms (batch 28: 122 -> 396) and
 * joint-vae-conv 591 -> 712 ms: short steps lose more to the per-step barrier and the duplicated Adam
 * update than they gain from halved gradients.
 */
export const PARALLEL_FAMILIES: readonly string[] = ["conv-vae"];

/** Checks a `workers` value: an integer 1-64 or `auto`. */
export function checkWorkers(value: unknown): Workers {
  if (value === "auto") return value;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_WORKERS) {
    throw new Error(`invalid workers: ${value} (an integer 1-${MAX_WORKERS} or auto)`);
  }
  return value;
}

/** Parses `--workers` from a command line: `auto` or a count. */
export function parseWorkers(raw: string): Workers {
  if (raw !== "auto" && !/^\d+$/.test(raw.trim())) throw new Error(`invalid workers: ${raw} (an integer 1-${MAX_WORKERS} or auto)`);
  return checkWorkers(raw === "auto" ? raw : Number(raw));
}

/**
 * The replica count a training run uses. A number is taken as it is; `auto` (and only `auto`) looks
 * at the machine: 2 when the backend is wasm, the family is in {@link PARALLEL_FAMILIES} and the
 * process may use at least 2 cores ({@link availableCores}), else 1. Undefined means 1.
 */
export function resolveWorkers(value: Workers | undefined, family: string, backend = backendInfo()?.name): number {
  if (value === undefined) return 1;
  if (checkWorkers(value) !== "auto") return value as number;
  return backend === "wasm" && PARALLEL_FAMILIES.includes(family) && availableCores() >= 2 ? 2 : 1;
}

/**
 * Cores this process may use: `VAE_LAB_CORES` when set (the report build shares the machine's cores
 * out between the notebooks it runs at once), else the machine's.
 */
export function availableCores(env: NodeJS.ProcessEnv = process.env): number {
  const machine = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const share = env.VAE_LAB_CORES;
  if (share === undefined || share === "") return machine;
  const n = Number(share);
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid VAE_LAB_CORES: ${share} (a positive integer)`);
  return n;
}
