import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../../lib/util/fs";
import type { ParameterValue } from "../metrics";
import { joinSource, readNotebook, type Notebook } from "../notebook";
import { cellTimings } from "./collect";

/** Bumped when the runner's output changes meaning; older cached notebooks are ignored. */
export const CACHE_FORMAT = 1;

/** Everything that decides an executed notebook (Quarto's freeze, with the environment in it). */
export interface CacheInputs {
  /** The notebook's cells: types, tags and sources (outputs and editor metadata do not count). */
  notebook: Notebook;
  /** Hash of the compiled lib (see {@link treeHash}). */
  lib: string;
  /** Hash of package-lock.json. */
  lockfile: string;
  profile: string;
  backend: string;
  /** What decides the bits beyond the backend's name (lib/backend kernelSettings). */
  kernels: string;
  overrides: Record<string, ParameterValue>;
  /**
   * Hash of the full-run reference (notebooks/full-run.json, see {@link fileHash}), which answers
   * outside the full profile cite; leave it out at full, whose answers do not read it.
   */
  reference?: string;
}

/** The cache key: 16 hex digits of a hash of {@link CacheInputs}, and which input is which. */
export function cacheKey(inputs: CacheInputs): { key: string; parts: Record<string, string> } {
  const cells = inputs.notebook.cells.map((c) => ({ type: c.cell_type, tags: c.metadata.tags ?? [], source: joinSource(c.source) }));
  const parts = {
    source: sha(JSON.stringify(cells)),
    lib: inputs.lib,
    lockfile: inputs.lockfile,
    profile: inputs.profile,
    backend: inputs.backend,
    kernels: inputs.kernels,
    parameters: sha(JSON.stringify(Object.entries(inputs.overrides).sort(([a], [b]) => a.localeCompare(b)))),
    ...(inputs.reference !== undefined ? { reference: inputs.reference } : {}),
  };
  return { key: sha(JSON.stringify({ format: CACHE_FORMAT, ...parts })).slice(0, 16), parts };
}

/** sha256 of every file under `dir` (names and contents, in sorted order); "missing" if there is none. */
export function treeHash(dir: string, keep: (file: string) => boolean = () => true): string {
  if (!fs.existsSync(dir)) return "missing";
  const h = createHash("sha256");
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (keep(p)) h.update(path.relative(dir, p)).update("\0").update(fs.readFileSync(p)).update("\0");
    }
  };
  walk(dir);
  return h.digest("hex").slice(0, 16);
}

/** sha256 of a file's bytes (16 hex digits), or "missing". */
export function fileHash(file: string): string {
  return fs.existsSync(file) ? sha(fs.readFileSync(file)).slice(0, 16) : "missing";
}

function sha(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Executed notebooks, one file per source notebook and profile (`<dir>/<name>-<profile>-<hash of its
 * path>.ipynb`), so a full build does not evict the quick one; `metadata.vae_lab` holds the key and
 * the key's parts (to say why a lookup missed).
 */
export class NotebookCache {
  constructor(readonly dir: string) {}

  private file(source: string, profile: string | undefined): string {
    const name = `${path.basename(source, ".ipynb")}-${profile ?? "default"}-${sha(path.resolve(source)).slice(0, 8)}.ipynb`;
    return path.join(this.dir, name);
  }

  /** The cached executed notebook of the source notebook `source` (a path) under `key`, or why there is none. */
  lookup(source: string, key: string, parts: Record<string, string>): { notebook: Notebook } | { miss: string } {
    const file = this.file(source, parts.profile);
    if (!fs.existsSync(file)) return { miss: "not in the cache" };
    let nb: Notebook;
    try {
      nb = readNotebook(file);
    } catch (e) {
      return { miss: `cached copy unreadable (${(e as Error).message})` };
    }
    const meta = nb.metadata.vae_lab;
    if (meta?.cacheKey === key && meta.status === "ok") return { notebook: nb };
    const changed = Object.keys(parts).filter((k) => meta?.cacheParts?.[k] !== parts[k]);
    return { miss: changed.length ? `${changed.join(", ")} changed` : "cache format changed" };
  }

  /**
   * What the last cached run of `source` with `profile` took, whatever its key, else what the
   * executed notebook `fallback` took (a checked report's copy, whose run the check repeats): see
   * {@link previousRun}.
   */
  previousRun(source: string, profile: string, fallback?: string): PreviousRun {
    const cached = previousRun(this.file(source, profile), profile);
    return cached.cellSeconds || fallback === undefined ? cached : previousRun(fallback, profile);
  }

  /** Stores a successfully executed notebook (atomically). */
  store(source: string, nb: Notebook, parts: Record<string, string>): void {
    const copy = { ...nb, metadata: { ...nb.metadata, vae_lab: { ...nb.metadata.vae_lab!, cacheParts: parts } } };
    writeFileAtomic(this.file(source, parts.profile), JSON.stringify(copy, null, 1) + "\n");
  }
}

/** What an earlier run of a notebook took: each code cell's seconds, the whole run's and the kernel's peak memory. */
export interface PreviousRun {
  /** One per code cell (the build's ETA); absent when a cell has no timing. */
  cellSeconds?: number[];
  /** The whole run (the schedule: longest first). */
  seconds?: number;
  /** The kernel's peak (the memory budget). */
  peakMemoryMiB?: number;
}

/**
 * What the executed notebook `file` took, when it ran with `profile`: a cached copy, or a report's
 * executed notebook (a check goes by the report it checks); {} when there is none or it is unreadable.
 */
export function previousRun(file: string, profile: string): PreviousRun {
  try {
    const nb = readNotebook(file);
    const meta = nb.metadata.vae_lab;
    if (meta?.profile !== profile) return {};
    const code = nb.cells.filter((c) => c.cell_type === "code");
    const timings = cellTimings({ ...nb, cells: code });
    const cellSeconds = timings.length === code.length ? timings.map((t) => t.seconds) : undefined;
    return { cellSeconds, seconds: meta.seconds, peakMemoryMiB: meta.peakMemoryMiB };
  } catch {
    return {};
  }
}
