import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { kernelSettings } from "../lib/backend/reproducibility";
import { readConclusions } from "../lib/notebook/conclusions";
import { fullRunFile, loadFullRun } from "../lib/notebook/full-run";
import type { Profile } from "../lib/notebook/profile";
import { replaceDir, tempSibling, writeFileAtomic } from "../lib/util/fs";
import { acquireLock } from "../lib/util/lock";
import { carriedCheck, type MetricsFile, type NotebookMetrics, type ParameterValue } from "./metrics";
import { writeNotebook, type Notebook } from "./notebook";
import { cacheKey, fileHash, NotebookCache, treeHash } from "./run/cache";
import { cellTimings, collectRecords } from "./run/collect";
import { NotebookRunError } from "./run/errors";
import { NotebookRunner } from "./run/execute";
import { readParametersCell, typeOverrides, type ParametersCell } from "./run/parameters";
import { BuildProgress } from "./run/progress";
import { memoryBudgetMiB, schedule } from "./run/schedule";
import { gitState, machine, packageVersions } from "./run/provenance";
import { parseSets, selectNotebooks, setsFor, type NotebookEntry } from "./run/select";
import { readNotebook } from "./notebook";

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
   * last run (else {@link ASSUMED_PEAK_MIB}); default 80% of the machine's. A notebook that does not
   * fit waits, and the build says so.
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

interface Planned extends NotebookEntry {
  source: Notebook;
  parameters: ParametersCell | undefined;
  overrides: Record<string, ParameterValue>;
  key: string;
  parts: Record<string, string>;
}

interface Finished {
  entry: Planned;
  notebook: Notebook;
  cached: boolean;
  error?: NotebookRunError;
}

/**
 * `npm run report`: executes every selected notebook on its own kernel (from the cache when nothing
 * it depends on changed), collects the recorded values and provenance into metrics.json, renders,
 * and moves the whole output into place only when every notebook ran. A failed build writes to
 * `<out>.failed` and leaves the last good output as it was.
 */
export async function buildReport(o: BuildOptions): Promise<BuildResult> {
  const started = new Date();
  const stream = o.stream ?? process.stdout;
  const plan = planNotebooks(o);
  const progress = new BuildProgress(plan.map((p) => p.name), stream);
  const say = (line: string) => progress.say(line);
  const release = await acquireLock(`${o.out}.lock`, {
    say,
    signal: o.signal,
    waiting: (owner, file) => `another build (process ${owner.pid}, since ${owner.started}) is writing the same output; waiting for it to finish (${file})`,
  });
  const tmp = tempSibling(o.out);
  try {
    const { finished, share } = await executeAll(o, plan, progress, say);
    progress.close();
    if (o.signal?.aborted) throw new BuildInterrupted("interrupted: the kernels were stopped and nothing was written");
    const failures = finished.flatMap((f) => (f.error ? [f.error] : []));
    const metrics = metricsFile(o, finished, started, share, say);
    const check = carriedCheck(previousMetrics(o.out), metrics);
    if (check) metrics.check = check;
    const rendered = (await o.render?.(tmp, finished.map((f) => f.notebook), metrics, say)) ?? [];
    fs.mkdirSync(path.join(tmp, "notebooks"));
    for (const f of finished) writeNotebook(path.join(tmp, "notebooks", `${f.entry.name}.ipynb`), f.notebook);
    writeFileAtomic(path.join(tmp, "metrics.json"), JSON.stringify(metrics, null, 1) + "\n");
    const files = ["notebooks/", "metrics.json", ...rendered];
    const dir = failures.length ? `${o.out}.failed` : o.out;
    fs.chmodSync(tmp, 0o755);
    replaceDir(tmp, dir);
    if (!failures.length) fs.rmSync(`${o.out}.failed`, { recursive: true, force: true });
    const cached = finished.filter((f) => f.cached).map((f) => f.entry.name);
    return { ok: !failures.length, dir, files, notebooks: plan.map((p) => p.name), cached, failures, seconds: (Date.now() - started.getTime()) / 1000 };
  } finally {
    progress.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    release();
  }
}

/** Reads the notebooks, types their `--set` values and computes cache keys: every mistake surfaces before a kernel starts. */
function planNotebooks(o: BuildOptions): Planned[] {
  const sets = parseSets(o.set ?? []);
  const lib = treeHash(path.join(o.root, "dist", "lib"), (f) => !f.endsWith(".map"));
  const lockfile = fileHash(path.join(o.root, "package-lock.json"));
  const kernels = kernelSettings({ ...process.env, ...o.env });
  const reference = o.profile === "full" ? undefined : fileHash(path.join(o.root, "notebooks", "full-run.json"));
  return selectNotebooks(o.notebooks, o.root, o.only).map((entry) => {
    const source = readNotebook(entry.file);
    const parameters = readParametersCell(source, entry.label);
    const overrides = typeOverrides(setsFor(entry.name, sets), parameters, entry.label);
    const inputs = { notebook: source, lib, lockfile, profile: o.profile, backend: o.backend ?? "auto", kernels, overrides, reference };
    const { key, parts } = cacheKey(inputs);
    return { ...entry, source, parameters, overrides, key, parts };
  });
}

async function executeAll(o: BuildOptions, plan: Planned[], progress: BuildProgress, say: (line: string) => void): Promise<{ finished: Finished[]; share: { jobs: number; coresPerKernel: number } }> {
  const cache = new NotebookCache(o.cacheDir ?? (process.env.VAE_LAB_REPORT_CACHE || path.join(o.root, "data", "cache", "report")));
  const useCache = o.cache ?? true;
  const fresh = plan.filter((p) => !useCache || !("notebook" in cache.lookup(p.label, p.key, p.parts)));
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const jobs = jobCount(o, cores, fresh.length);
  const share = { jobs, coresPerKernel: coresPerKernel(o, cores) };
  progress.setJobs(jobs);
  const env: NodeJS.ProcessEnv = { ...o.env, VAE_LAB_CORES: String(share.coresPerKernel), ...(o.backend ? { VAE_LAB_BACKEND: o.backend } : {}) };
  const runners = new Set<NotebookRunner>();
  const stop = () => runners.forEach((r) => void r.stop());
  o.signal?.addEventListener("abort", stop, { once: true });
  const reference = o.profile === "full" ? loadFullRun(fullRunFile(o.root)) : undefined; // a full run's seconds order a first full build
  const list = plan.map((p) => {
    const last = fresh.includes(p) ? cache.previousRun(p.label, o.profile) : {};
    progress.expect(p.name, last.cellSeconds);
    const seconds = last.seconds ?? reference?.notebooks?.[p.name]?.seconds;
    return { name: p.name, peakMiB: last.peakMemoryMiB, seconds, run: () => executeOne(o, p, { cache, useCache, env, runners, progress, say }) };
  });
  try {
    const budgetMiB = o.memoryMiB ?? memoryBudgetMiB();
    const results = await schedule(list, { jobs, budgetMiB, defaultMiB: ASSUMED_PEAK_MIB[o.profile], say, stopped: () => Boolean(o.signal?.aborted) });
    return { finished: results.filter(Boolean), share };
  } finally {
    o.signal?.removeEventListener("abort", stop);
  }
}

/** A notebook's peak memory before any run of it was measured, MiB, by profile (full: notebook 01 held 4.0 GB on a Xeon). */
const ASSUMED_PEAK_MIB: Record<Profile, number> = { smoke: 512, quick: 1536, full: 4096 };

/** The jobs a build runs at once: `jobs`, else one per core, never more than the notebooks to run. */
function jobCount(o: BuildOptions, cores: number, notebooks: number): number {
  return Math.max(1, Math.min(o.jobs ?? cores, notebooks || 1));
}

function coresPerKernel(o: BuildOptions, cores: number): number {
  return o.coresPerKernel ?? cores;
}

async function executeOne(o: BuildOptions, entry: Planned, ctx: { cache: NotebookCache; useCache: boolean; env: NodeJS.ProcessEnv; runners: Set<NotebookRunner>; progress: BuildProgress; say: (line: string) => void }): Promise<Finished> {
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
  type Kernel = NonNullable<Notebook["metadata"]["vae_lab"]>["kernel"];
  const meta = (nb: Notebook, status: "ok" | "failed", parameters: Record<string, ParameterValue>, kernel: Kernel, peakMemoryMiB?: number) => {
    const ended = new Date();
    nb.metadata.vae_lab = {
      name: entry.name, source: entry.label, profile: o.profile, parameters, overrides: entry.overrides, cacheKey: entry.key, cacheParts: entry.parts,
      kernel, status, ...(nb.metadata.vae_lab?.failure ? { failure: nb.metadata.vae_lab.failure } : {}),
      started: started.toISOString(), ended: ended.toISOString(), seconds: (ended.getTime() - started.getTime()) / 1000,
      ...(peakMemoryMiB !== undefined ? { peakMemoryMiB } : {}),
    };
  };
  try {
    const r = await runner.run();
    meta(r.notebook, "ok", r.parameters, r.kernel, r.peakMemoryMiB);
    ctx.cache.store(entry.label, r.notebook, entry.parts);
    ctx.progress.done(entry.name, r.notebook.metadata.vae_lab!.seconds, r.notebook.cells.filter((c) => c.cell_type === "code").length);
    return { entry, notebook: r.notebook, cached: false };
  } catch (e) {
    if (!(e instanceof NotebookRunError)) throw e;
    meta(e.notebook, "failed", { ...entry.overrides }, null);
    ctx.progress.failed(entry.name, e.message.slice(entry.label.length + 2));
    return { entry, notebook: e.notebook, cached: false, error: e };
  } finally {
    ctx.runners.delete(runner);
  }
}

function previousMetrics(out: string): MetricsFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(out, "metrics.json"), "utf8")) as MetricsFile;
  } catch {
    return undefined;
  }
}

function metricsFile(o: BuildOptions, finished: Finished[], started: Date, share: { jobs: number; coresPerKernel: number }, say: (line: string) => void): MetricsFile {
  const ended = new Date();
  const notebooks: Record<string, NotebookMetrics> = {};
  const timings: MetricsFile["provenance"]["notebooks"] = {};
  for (const f of finished) {
    const m = f.notebook.metadata.vae_lab!;
    const metrics = collectRecords(f.notebook, f.entry.label, say);
    const conclusions = readConclusions(f.entry.name, metrics);
    notebooks[f.entry.name] = {
      parameters: m.parameters, metrics, conclusions, seconds: m.seconds, cached: f.cached, status: m.status, kernel: m.kernel ?? null,
    };
    timings[f.entry.name] = { started: m.started, ended: m.ended, seconds: m.seconds, cached: f.cached, cells: cellTimings(f.notebook) };
  }
  const reported = Object.values(notebooks).find((n) => n.kernel?.backend)?.kernel;
  const sets = Object.fromEntries(parseSets(o.set ?? []).map((s) => [s.scope ? `${s.scope}:${s.key}` : s.key, s.value]));
  return {
    provenance: {
      ...gitState(o.root),
      profile: o.profile,
      parameters: sets,
      backend: { requested: o.backend ?? "auto", description: reported?.backend ?? null, name: reported?.backendName ?? null, blas: reported?.blas ?? null,
        tfjs: reported?.tfjs ?? null, reproducibility: reported?.reproducibility ?? null },
      seeds: Object.fromEntries(Object.entries(notebooks).map(([n, m]) => [n, m.kernel?.seeds ?? []])),
      ...machine(),
      node: process.version,
      packages: packageVersions(o.root),
      started: started.toISOString(),
      ended: ended.toISOString(),
      seconds: (ended.getTime() - started.getTime()) / 1000,
      ...share,
      notebooks: timings,
    },
    notebooks,
  };
}
