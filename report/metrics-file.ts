import * as fs from "node:fs";
import * as path from "node:path";
import { readConclusions } from "../lib/notebook/conclusions";
import type { BuildOptions } from "./build-options";
import type { MetricsFile, NotebookMetrics } from "./metrics";
import { cellTimings, collectRecords } from "./run/collect";
import { gitState, machine, packageVersions } from "./run/provenance";
import type { Finished, Share } from "./run/run-all";
import { parseSets } from "./run/plan";

/** The metrics.json of the last good build in `out`, if there is one. */
export function previousMetrics(out: string): MetricsFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(out, "metrics.json"), "utf8")) as MetricsFile;
  } catch {
    return undefined;
  }
}

/**
 * metrics.json: each notebook's parameters, recorded values, conclusions and kernel provenance, and
 * the build's provenance (git, profile, `--set` values, backend, seeds, machine, packages, timing).
 */
export function metricsFile(o: BuildOptions, finished: Finished[], started: Date, share: Share, say: (line: string) => void): MetricsFile {
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
      backend: {
        requested: o.backend ?? "auto", description: reported?.backend ?? null, name: reported?.backendName ?? null,
        blas: reported?.blas ?? null, tfjs: reported?.tfjs ?? null, reproducibility: reported?.reproducibility ?? null,
      },
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
