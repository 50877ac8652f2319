import * as os from "node:os";
import * as path from "node:path";
import { fullRunFile, loadFullRun } from "../../lib/notebook/full-run";
import type { Profile } from "../../lib/notebook/profile";
import { DEFAULT_CELL_TIMEOUT, type BuildOptions } from "../build-options";
import type { ParameterValue } from "../metrics";
import type { Notebook } from "../notebook";
import { NotebookCache } from "./cache";
import { NotebookRunError } from "./errors";
import { NotebookRunner } from "./execute";
import type { Planned } from "./plan";
import type { BuildProgress } from "./progress";
import { memoryBudgetMiB, schedule } from "./schedule";

/** A planned notebook once run or taken from the cache; `error` when it failed. */
export interface Finished {
  entry: Planned;
  notebook: Notebook;
  cached: boolean;
  error?: NotebookRunError;
}

/** How the machine was shared: notebooks run at once, and the cores each kernel was told it may use. */
export interface Share {
  jobs: number;
  coresPerKernel: number;
}

/** A notebook's peak memory before any run of it was measured, MiB, by profile (full: notebook 01 held 4.0 GB on a Xeon). */
export const ASSUMED_PEAK_MIB: Record<Profile, number> = { smoke: 512, quick: 1536, full: 4096 };

interface RunContext {
  cache: NotebookCache;
  useCache: boolean;
  env: NodeJS.ProcessEnv;
  runners: Set<NotebookRunner>;
  progress: BuildProgress;
  say: (line: string) => void;
}

/**
 * Runs every planned notebook on its own kernel, or takes it from the cache when its key is there,
 * as many at once as `jobs` and the memory budget allow; the longest known first. The build's
 * signal kills every running kernel.
 */
export async function runAll(
  o: BuildOptions,
  plan: Planned[],
  progress: BuildProgress,
  say: (line: string) => void,
): Promise<{ finished: Finished[]; share: Share }> {
  const cache = new NotebookCache(o.cacheDir ?? (process.env.VAE_LAB_REPORT_CACHE || path.join(o.root, "data", "cache", "report")));
  const useCache = o.cache ?? true;
  const fresh = plan.filter((p) => !useCache || !("notebook" in cache.lookup(p.label, p.key, p.parts)));
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const jobs = jobCount(o, cores, fresh.length);
  const share = { jobs, coresPerKernel: o.coresPerKernel ?? cores };
  progress.setJobs(jobs);
  const env: NodeJS.ProcessEnv = {
    ...o.env,
    VAE_LAB_CORES: String(share.coresPerKernel),
    ...(o.backend ? { VAE_LAB_BACKEND: o.backend } : {}),
  };
  const runners = new Set<NotebookRunner>();
  const stop = () => runners.forEach((r) => void r.stop());
  o.signal?.addEventListener("abort", stop, { once: true });
  const reference = o.profile === "full" ? loadFullRun(fullRunFile(o.root)) : undefined; // a full run's seconds order a first full build
  const ctx: RunContext = { cache, useCache, env, runners, progress, say };
  const list = plan.map((p) => {
    const fallback = o.timingsFrom === undefined ? undefined : path.join(o.timingsFrom, `${p.name}.ipynb`);
    const last = fresh.includes(p) ? cache.previousRun(p.label, o.profile, fallback) : {};
    progress.expect(p.name, last.cellSeconds);
    const seconds = last.seconds ?? reference?.notebooks?.[p.name]?.seconds;
    return { name: p.name, peakMiB: last.peakMemoryMiB, seconds, run: () => runOne(o, p, ctx) };
  });
  try {
    const budgetMiB = o.memoryMiB ?? memoryBudgetMiB();
    const stopped = () => Boolean(o.signal?.aborted);
    const results = await schedule(list, { jobs, budgetMiB, defaultMiB: ASSUMED_PEAK_MIB[o.profile], say, stopped });
    return { finished: results.filter(Boolean), share };
  } finally {
    o.signal?.removeEventListener("abort", stop);
  }
}

/** The jobs a build runs at once: `jobs`, else one per core, never more than the notebooks to run. */
function jobCount(o: BuildOptions, cores: number, notebooks: number): number {
  return Math.max(1, Math.min(o.jobs ?? cores, notebooks || 1));
}

async function runOne(o: BuildOptions, entry: Planned, ctx: RunContext): Promise<Finished> {
  if (ctx.useCache) {
    const hit = ctx.cache.lookup(entry.label, entry.key, entry.parts);
    if ("notebook" in hit) {
      ctx.progress.cached(entry.name);
      return { entry, notebook: hit.notebook, cached: true };
    }
  }
  const started = new Date();
  ctx.progress.start(entry.name);
  const runner = new NotebookRunner(entry.source, {
    label: entry.label,
    cwd: path.dirname(entry.file),
    env: ctx.env,
    profile: o.profile,
    parameters: entry.parameters,
    overrides: entry.overrides,
    cellTimeout: o.cellTimeout ?? DEFAULT_CELL_TIMEOUT[o.profile],
    onProgress: (p) => ctx.progress.cell(entry.name, p.cell, p.cells, p.note),
  });
  ctx.runners.add(runner);
  const stamp = (nb: Notebook, run: Omit<RunMetadata, "started">) => stampRun(o, entry, nb, { ...run, started });
  try {
    const r = await runner.run();
    stamp(r.notebook, { status: "ok", parameters: r.parameters, kernel: r.kernel, peakMemoryMiB: r.peakMemoryMiB });
    ctx.cache.store(entry.label, r.notebook, entry.parts);
    const cells = r.notebook.cells.filter((c) => c.cell_type === "code").length;
    ctx.progress.done(entry.name, r.notebook.metadata.vae_lab!.seconds, cells);
    return { entry, notebook: r.notebook, cached: false };
  } catch (e) {
    if (!(e instanceof NotebookRunError)) throw e;
    stamp(e.notebook, { status: "failed", parameters: { ...entry.overrides }, kernel: null });
    ctx.progress.failed(entry.name, e.message.slice(entry.label.length + 2));
    return { entry, notebook: e.notebook, cached: false, error: e };
  } finally {
    ctx.runners.delete(runner);
  }
}

type VaeLabMetadata = NonNullable<Notebook["metadata"]["vae_lab"]>;

interface RunMetadata {
  status: "ok" | "failed";
  parameters: Record<string, ParameterValue>;
  kernel: VaeLabMetadata["kernel"];
  started: Date;
  peakMemoryMiB?: number;
}

/** Writes what the build knows of a run into the notebook's `vae_lab` metadata, keeping a failure the runner noted. */
function stampRun(o: BuildOptions, entry: Planned, nb: Notebook, run: RunMetadata): void {
  const ended = new Date();
  const failure = nb.metadata.vae_lab?.failure;
  nb.metadata.vae_lab = {
    name: entry.name, source: entry.label, profile: o.profile, parameters: run.parameters, overrides: entry.overrides,
    cacheKey: entry.key, cacheParts: entry.parts, kernel: run.kernel, status: run.status, ...(failure ? { failure } : {}),
    started: run.started.toISOString(), ended: ended.toISOString(), seconds: (ended.getTime() - run.started.getTime()) / 1000,
    ...(run.peakMemoryMiB !== undefined ? { peakMemoryMiB: run.peakMemoryMiB } : {}),
  };
}
