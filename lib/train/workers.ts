import * as os from "node:os";
import { backendInfo } from "../backend";

/** How many data-parallel replicas train a model: a count, or `auto` (see {@link resolveWorkers}). */
export type Workers = number | "auto";

/** The largest replica count accepted. */
export const MAX_WORKERS = 64;

/**
 * Model families that `auto` trains with two replicas on wasm, because two measured faster than one
 * on this project's 2-core machine (bench/train.ts `--workers`; numbers in the README).
 */
export const PARALLEL_FAMILIES: readonly string[] = [];

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
  return checkWorkers(raw === "auto" ? raw : raw.trim() === "" ? NaN : Number(raw));
}

/**
 * The replica count a training run uses. A number is taken as it is; `auto` (and only `auto`) looks
 * at the machine: 2 when the backend is wasm, the family is in {@link PARALLEL_FAMILIES} and the
 * machine has at least 2 cores, else 1. Undefined means 1.
 */
export function resolveWorkers(value: Workers | undefined, family: string, backend = backendInfo()?.name): number {
  if (value === undefined) return 1;
  if (checkWorkers(value) !== "auto") return value as number;
  return backend === "wasm" && PARALLEL_FAMILIES.includes(family) && availableCores() >= 2 ? 2 : 1;
}

function availableCores(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}
