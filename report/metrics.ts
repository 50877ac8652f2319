import type { RunProvenance } from "../lib/notebook/provenance";

/** A parameter or `--set` value. */
export type ParameterValue = string | number | boolean;

/**
 * What the kernel's lib said about the run (its provenance hook), per notebook: lib's
 * `RunProvenance`, whose `reproducibility` is absent in reports built before it was recorded.
 */
export type KernelProvenance = Omit<RunProvenance, "reproducibility"> & Partial<Pick<RunProvenance, "reproducibility">>;

/** Timing of one executed notebook. */
export interface NotebookTiming {
  started: string;
  ended: string;
  seconds: number;
  cached: boolean;
  /** Per code cell (index into the executed notebook's cells): seconds from busy to idle. */
  cells: { index: number; seconds: number }[];
}

/** The build's provenance: what ran, where, with what. */
export interface Provenance {
  /** `git rev-parse HEAD`, or null outside a git checkout. */
  commit: string | null;
  /** Uncommitted changes in the tree when the build started; null outside git. */
  dirty: boolean | null;
  profile: string;
  /** The `--set` values of the build. */
  parameters: Record<string, ParameterValue>;
  /** Requested backend (`auto` or a name) and what the notebooks reported. */
  backend: {
    requested: string; description: string | null; name: string | null; blas: string | null; tfjs: string | null;
    /** What the same seed reproduces; absent in reports built before it was recorded. */
    reproducibility?: string | null;
  };
  seeds: Record<string, number[]>;
  cpu: { model: string; cores: number };
  gpu: string | null;
  node: string;
  /** Versions of the packages that decide the numbers (tfjs, tslab, polars, plotly, ...). */
  packages: Record<string, string>;
  started: string;
  ended: string;
  seconds: number;
  /** Notebooks run at once, and the cores each kernel was told it may use (`VAE_LAB_CORES`, which decides `workers: auto`). */
  jobs?: number;
  coresPerKernel?: number;
  notebooks: Record<string, NotebookTiming>;
}

/** One notebook's entry in metrics.json. */
export interface NotebookMetrics {
  /** Every parameter with the value it ran with. */
  parameters: Record<string, ParameterValue>;
  /** The values recorded with `lab.record(name, value)`, last one per name. */
  metrics: Record<string, unknown>;
  /** Its headline conclusions read from `metrics` (lib/notebook/conclusions.ts), by key. */
  conclusions?: Record<string, string>;
  seconds: number;
  cached: boolean;
  status: "ok" | "failed";
  kernel: KernelProvenance | null;
}

/** What `npm run report -- --check` found: written into the checked report, shown on its cover. */
export interface CheckSummary {
  /** When the check ran (ISO time), on which backend, and whether that was the report's own. */
  date: string;
  backend: string | null;
  sameBackend: boolean;
  profile: string;
  /** Recorded values compared (timings excluded), and how they came out. */
  values: number;
  identical: number;
  within: number;
  timings: number;
  /**
   * The models the rerun trained (distinct checkpoints with `loaded: false`) and those it only loaded
   * (none in a sound check: it starts from an empty checkpoint folder). Absent in checks from before
   * it was recorded.
   */
  models?: { retrained: number; loaded: number };
  passed: boolean;
  /** Each value that differs, is missing or is new: notebook, name, before, after. */
  differences: { notebook: string; name: string; before: unknown; after: unknown; status: string }[];
}

/** `report/out/metrics.json`. */
export interface MetricsFile {
  provenance: Provenance;
  notebooks: Record<string, NotebookMetrics>;
  /** The last `--check` of this report, if any. */
  check?: CheckSummary;
}

/**
 * The check a rebuild keeps: the previous report's, when the rebuild recorded exactly the values
 * that check compared (same profile, same notebooks, every recorded value equal, as when every
 * notebook came from the cache). Anything else drops it, so a cover never shows a stale check.
 */
export function carriedCheck(previous: MetricsFile | undefined, next: MetricsFile): CheckSummary | undefined {
  if (!previous?.check || previous.provenance.profile !== next.provenance.profile) return undefined;
  const records = (m: MetricsFile) => JSON.stringify(Object.entries(m.notebooks).map(([name, n]) => [name, n.metrics]));
  return records(previous) === records(next) ? previous.check : undefined;
}

/** A build's `--set` values as the arguments that repeat them (`key=value`), for a check or a rebuild. */
export function setArguments(p: Provenance): string[] {
  return Object.entries(p.parameters).map(([k, v]) => `${k}=${v}`);
}
