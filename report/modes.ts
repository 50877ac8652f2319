import * as fs from "node:fs";
import * as path from "node:path";
import type { Profile } from "../lib/notebook/profile";
import { checkpointRoot } from "../lib/train/checkpoint";
import { makeBundle, unpackBundle } from "./bundle/bundle";
import { checkReport, readMetrics, type CheckOptions } from "./check/run";
import { setArguments } from "./metrics";

const rel = (p: string) => path.relative(process.cwd(), p) || p;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * `--check`: reruns from scratch, prints the table per notebook (or, on stderr, the cells that failed
 * to run) and one summary line; true when it passed.
 */
export async function checkMode(o: CheckOptions): Promise<boolean> {
  const r = await checkReport({ ...o, stream: process.stdout });
  (r.ran ? process.stdout : process.stderr).write(`\n${r.text}\n`);
  (r.passed ? process.stdout : process.stderr).write(`report: ${r.line}${r.ran ? `; written into ${rel(o.report)}/` : ""}\n`);
  return r.passed;
}

/**
 * What a `--bundle` build without `--profile` rebuilds: the profile and `--set` values of the report
 * already at `out`, so that bundling after a full build packs the full report (from the cache) instead
 * of building a quick one over it; undefined when `out` holds no report.
 */
export function bundleDefaults(out: string): { profile: Profile; set: string[] } | undefined {
  if (!fs.existsSync(path.join(out, "metrics.json"))) return undefined;
  const p = readMetrics(out).provenance;
  return { profile: p.profile as Profile, set: setArguments(p) };
}

/** `--bundle FILE`: the hand-in archive of the report at `report`. */
export function bundleMode(report: string, root: string, file: string): void {
  const m = makeBundle({ report, root, file: path.resolve(file) });
  const checkpoints = new Set(m.files.filter((f) => f.path.startsWith("checkpoints/")).map((f) => f.path.split("/")[1]));
  const bytes = (prefix: string) => m.files.filter((f) => f.path.startsWith(prefix)).reduce((s, f) => s + f.bytes, 0);
  const sources = m.files.filter((f) => f.path.startsWith("source/")).length;
  process.stdout.write(
    `report: bundled ${rel(path.resolve(file))}: the report (${mib(bytes("report/"))}), ${sources} source notebooks ` +
      `and ${checkpoints.size} checkpoints (${mib(bytes("checkpoints/"))}), ${m.files.length} files with their SHA-256\n`,
  );
}

/** `--unpack FILE`: verifies the bundle, puts its checkpoints where train-or-load finds them and its report at `out`. */
export function unpackMode(file: string, out: string): number {
  const r = unpackBundle({ file: path.resolve(file), report: out, checkpoints: checkpointRoot() });
  const { created, profile, commit } = r.manifest;
  const built = `built ${created.slice(0, 10)}, profile ${profile}, commit ${commit?.slice(0, 12) ?? "none"}`;
  process.stdout.write(
    `report: unpacked ${rel(path.resolve(file))} (${built}): ${r.placed.length} checkpoints placed and ${r.kept.length} already there ` +
      `in ${rel(checkpointRoot())}/, the report in ${rel(out)}/ (source notebooks in ${rel(path.join(out, "source"))}/); ` +
      `every file matched its hash\n`,
  );
  return 0;
}
