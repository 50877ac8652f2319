import { isPortable } from "../../lib/backend/reproducibility";
import type { MetricsFile, Provenance } from "../metrics";

/** How a recorded value is compared when the two runs used different backends. */
export interface Tolerance {
  /** The kind of value, as the table names it. */
  kind: "timing" | "exact" | "fraction" | "nats" | "count" | "number";
  /** Allowed |after - before| / max(|before|, 1e-12); absent: see `absolute`, or exact. */
  relative?: number;
  /** Allowed |after - before|; used for fractions and counts. */
  absolute?: number;
}

/** One recorded value of one notebook, before and after. */
export interface CheckRow {
  notebook: string;
  /** The record's name and the path inside its value, e.g. `conv.test.total` or `betas[3]`. */
  name: string;
  before: unknown;
  after: unknown;
  /** after - before, for numbers. */
  difference?: number;
  /** `identical`, `within` a cross-backend tolerance, `differs`, `timing` (shown, never compared), `missing` or `new`. */
  status: "identical" | "within" | "differs" | "timing" | "missing" | "new";
  tolerance: Tolerance;
}

const TIMING_SEGMENT = /[sS]econds|[pP]erSecond|^time$|[a-z]Time$|[a-z]Ms$/;
/** Whether a recorded value's name marks a timing (see {@link toleranceFor}): shown, never compared. */
export const isTiming = (name: string) => name.split(".").some((segment) => TIMING_SEGMENT.test(segment.replace(/\[\d+\]$/, "")));

/**
 * The tolerance a value gets when the backends differ, from its name and value: timings (any part of
 * the path that says `seconds` or `PerSecond`, or ends in `Ms` or `Time`, so `secondsPerEpoch` and
 * `epochSeconds60k.ratio` too) are never compared; fractions in [0, 1] named as
 * rates (accuracy, confidence, entropy, share, ...) within 0.02; losses and likelihoods in nats within
 * 2%; integers within 1; other numbers within 5%; strings and booleans must be equal.
 */
export function toleranceFor(name: string, value: unknown): Tolerance {
  if (isTiming(name)) return { kind: "timing" };
  if (typeof value !== "number") return { kind: "exact" };
  const rate = /accuracy|confidence|entropy|share|fraction|rate|realism|Acc$|probability/i.test(name);
  if (rate && value >= 0 && value <= 1) return { kind: "fraction", absolute: 0.02 };
  if (/loss|total|kl|reconstruction|elbo|nll|likelihood|bound|nats/i.test(name)) return { kind: "nats", relative: 0.02 };
  if (Number.isInteger(value)) return { kind: "count", absolute: 1 };
  return { kind: "number", relative: 0.05 };
}

/** Every leaf of a recorded value, keyed by its path under the record's name. */
export function leaves(name: string, value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(`${name}[${i}]`, v));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leaves(`${name}.${k}`, v));
  return [[name, value]];
}

function compareValue(notebook: string, name: string, before: unknown, after: unknown, sameBackend: boolean): CheckRow {
  const tolerance = toleranceFor(name, before ?? after);
  const row = { notebook, name, before, after, tolerance };
  if (before === undefined) return { ...row, status: "new" };
  if (after === undefined) return { ...row, status: "missing" };
  const difference = typeof before === "number" && typeof after === "number" ? after - before : undefined;
  if (tolerance.kind === "timing") return { ...row, difference, status: "timing" };
  if (Object.is(before, after)) return { ...row, difference, status: "identical" };
  if (sameBackend || difference === undefined) return { ...row, difference, status: "differs" };
  const gap = Math.abs(difference);
  const ok = tolerance.absolute !== undefined
    ? gap <= tolerance.absolute
    : tolerance.relative !== undefined && gap <= tolerance.relative * Math.max(Math.abs(before as number), 1e-12);
  return { ...row, difference, status: ok ? "within" : "differs" };
}

/**
 * Whether two runs computed with the same kernels, so that every value must come out identical: the
 * same portable route (on any machine: `portable: ... VAE Lab's GEMM (...)` on an AVX-512 Xeon
 * and on an AVX2 EPYC), else the same backend description (the same kernels of one kind of CPU).
 */
export function sameKernels(a: Provenance["backend"], b: Provenance["backend"]): boolean {
  if (isPortable(a.reproducibility) && a.reproducibility === b.reproducibility) return true;
  return a.description === b.description;
}

/**
 * Compares every recorded value of the notebooks both runs have. With the same kernels
 * ({@link sameKernels}) every value but timings must be identical; across backends each kind of
 * value has its {@link toleranceFor}.
 */
export function compareMetrics(before: MetricsFile, after: MetricsFile): { rows: CheckRow[]; sameBackend: boolean } {
  const sameBackend = sameKernels(before.provenance.backend, after.provenance.backend);
  const rows: CheckRow[] = [];
  for (const [notebook, now] of Object.entries(after.notebooks)) {
    const then = before.notebooks[notebook];
    const a = new Map(Object.entries(then?.metrics ?? {}).flatMap(([n, v]) => leaves(n, v)));
    const b = new Map(Object.entries(now.metrics).flatMap(([n, v]) => leaves(n, v)));
    for (const name of new Set([...a.keys(), ...b.keys()])) rows.push(compareValue(notebook, name, a.get(name), b.get(name), sameBackend));
  }
  return { rows, sameBackend };
}

/** True when nothing differs and nothing is missing or new. */
export function checkPassed(rows: CheckRow[]): boolean {
  return rows.every((r) => r.status === "identical" || r.status === "within" || r.status === "timing");
}
