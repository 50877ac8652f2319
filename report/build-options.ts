import type { Profile } from "../lib/notebook/profile";
import type { MetricsFile } from "./metrics";
import type { Notebook } from "./notebook";
import type { NotebookRunError } from "./run/errors";

/** Seconds a cell may run by default, per profile (0: no limit). */
export const DEFAULT_CELL_TIMEOUT: Record<Profile, number> = { smoke: 600, quick: 3600, full: 0 };

/**
 * Turns the executed notebooks into files in `dir` and returns their names; it may add outputs to
 * the notebooks (static figures), which the build writes to `dir/notebooks/` after it.
 */
export type RenderStep = (dir: string, notebooks: Notebook[], metrics: MetricsFile, say: (line: string) => void) => Promise<string[]>;

export interface BuildOptions {
  /** The project root (git, node_modules, dist/lib, package-lock.json). */
  root: string;
  /** Folder of the source notebooks. */
  notebooks: string;
  /** Output folder, replaced as a whole when the build succeeds. */
  out: string;
  profile: Profile;
  /** Names or prefixes of the notebooks to run (default all). */
  only?: string[];
  /** `key=value` or `NOTEBOOK:key=value`. */
  set?: string[];
  /** Reuse executed notebooks whose inputs did not change. Default true. */
  cache?: boolean;
  /** Default: `VAE_LAB_REPORT_CACHE`, else `<root>/data/cache/report`. */
  cacheDir?: string;
  /**
   * A folder of executed notebooks (`<name>.ipynb`, a report's `notebooks/`) whose cell timings stand
   * in for a notebook the cache has no earlier run of: the ETA and the schedule of a check.
   */
  timingsFrom?: string;
  /** Notebooks run at once. Default: as many as the machine has cores, at most the number to run. */
  jobs?: number;
  /** Seconds per cell; default {@link DEFAULT_CELL_TIMEOUT} for the profile. */
  cellTimeout?: number;
  /** Backend for every kernel (`VAE_LAB_BACKEND`); default: the kernels choose. */
  backend?: string;
  /**
   * Cores each kernel may use (`VAE_LAB_CORES`); default: all the machine's, so that a notebook
   * training several models at once (`trainAll`) keeps every core busy once it runs alone; while
   * kernels train side by side the system shares the cores. Never changes a number: see `trainAll`.
   */
  coresPerKernel?: number;
  /** More environment for every kernel (a check points `VAE_LAB_CHECKPOINTS` at a fresh folder). */
  env?: NodeJS.ProcessEnv;
  /**
   * The memory the notebooks running at once may use together, MiB, judged by each one's peak at its
   * last run (else `ASSUMED_PEAK_MIB` for the profile); default 80% of the machine's. A notebook that
   * does not fit waits, and the build says so.
   */
  memoryMiB?: number;
  /** Turns executed notebooks into the report; without it only notebooks and metrics.json are written. */
  render?: RenderStep;
  signal?: AbortSignal;
  /** Progress goes here (default stdout); messages through `say` (default: a line on stdout). */
  stream?: NodeJS.WriteStream;
}

/** What a build did. */
export interface BuildResult {
  ok: boolean;
  /** Where the output went: `out` on success, `<out>.failed` when a notebook failed. */
  dir: string;
  files: string[];
  notebooks: string[];
  cached: string[];
  failures: NotebookRunError[];
  seconds: number;
}

/** A build stopped by its signal (Ctrl-C): kernels were killed, nothing was written. */
export class BuildInterrupted extends Error {
  override name = "BuildInterrupted";
}
