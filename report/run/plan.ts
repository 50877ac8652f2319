import * as fs from "node:fs";
import * as path from "node:path";
import { kernelSettings } from "../../lib/backend/reproducibility";
import { UsageError } from "../../lib/cli/args";
import type { BuildOptions } from "../build-options";
import type { ParameterValue } from "../metrics";
import { readNotebook, type Notebook } from "../notebook";
import { cacheKey, fileHash, treeHash } from "./cache";
import { readParametersCell, typeOverrides, type ParametersCell } from "./parameters";

/** A notebook the build will run: its name, file and path as messages show it. */
export interface NotebookEntry {
  name: string;
  file: string;
  /** Relative to the project root when inside it, e.g. `notebooks/01-vae-2d.ipynb`. */
  label: string;
}

/** True when `token` (from --only or a `--set NAME:key=value` prefix) names `name`: equal, or its prefix up to a `-`. */
export function matches(token: string, name: string): boolean {
  return name === token || name.startsWith(`${token}-`);
}

/** The notebooks in `dir` (sorted by name), narrowed by `only`; an unmatched token is a usage error listing the names. */
export function selectNotebooks(dir: string, root: string, only: string[] = []): NotebookEntry[] {
  if (!fs.existsSync(dir)) throw new UsageError(`no notebook folder ${dir}`);
  const all = fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => {
    const file = path.join(dir, f);
    const rel = path.relative(root, file);
    return { name: f.slice(0, -".ipynb".length), file, label: rel.startsWith("..") ? file : rel };
  });
  if (all.length === 0) throw new UsageError(`no notebooks (*.ipynb) in ${dir}`);
  for (const t of only) {
    if (!all.some((n) => matches(t, n.name))) {
      throw new UsageError(`--only ${t} matches no notebook (choose from ${all.map((n) => n.name).join(", ")})`);
    }
  }
  return only.length ? all.filter((n) => only.some((t) => matches(t, n.name))) : all;
}

/** Parses `--set` values: `key=value` for every notebook, `NAME:key=value` for the notebooks NAME matches. */
export function parseSets(sets: string[]): { scope?: string; key: string; value: string }[] {
  return sets.map((s) => {
    const m = /^(?:([\w.-]+):)?([A-Za-z_$][\w$]*)=(.*)$/s.exec(s);
    if (!m) throw new UsageError(`invalid --set ${s} (key=value, or NOTEBOOK:key=value for one notebook)`);
    return { ...(m[1] ? { scope: m[1] } : {}), key: m[2], value: m[3] };
  });
}

/** The raw `--set` values that apply to notebook `name`. */
export function setsFor(name: string, sets: ReturnType<typeof parseSets>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of sets) if (!s.scope || matches(s.scope, name)) out[s.key] = s.value;
  return out;
}

/** A notebook the build will run: its source, its parameters cell read once, its typed `--set` values and cache key. */
export interface Planned extends NotebookEntry {
  source: Notebook;
  parameters: ParametersCell | undefined;
  overrides: Record<string, ParameterValue>;
  key: string;
  parts: Record<string, string>;
}

/**
 * Reads the selected notebooks, types their `--set` values and computes their cache keys, so that
 * every mistake surfaces before a kernel starts.
 */
export function planNotebooks(o: BuildOptions): Planned[] {
  const sets = parseSets(o.set ?? []);
  const lib = treeHash(path.join(o.root, "dist", "lib"), (f) => !f.endsWith(".map"));
  const lockfile = fileHash(path.join(o.root, "package-lock.json"));
  const kernels = kernelSettings({ ...process.env, ...o.env });
  const reference = o.profile === "full" ? undefined : fileHash(path.join(o.root, "notebooks", "full-run.json"));
  const backend = o.backend ?? "auto";
  return selectNotebooks(o.notebooks, o.root, o.only).map((entry) => {
    const source = readNotebook(entry.file);
    const parameters = readParametersCell(source, entry.label);
    const overrides = typeOverrides(setsFor(entry.name, sets), parameters, entry.label);
    const { key, parts } = cacheKey({ notebook: source, lib, lockfile, profile: o.profile, backend, kernels, overrides, reference });
    return { ...entry, source, parameters, overrides, key, parts };
  });
}
