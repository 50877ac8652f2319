#!/usr/bin/env node
import * as fs from "node:fs";
import * as path from "node:path";
import { readConclusions } from "../lib/notebook/conclusions";
import { fullRunFile, type FullRun } from "../lib/notebook/full-run";
import { projectRoot, writeFileAtomic } from "../lib/util/fs";
import type { MetricsFile } from "./metrics";

/**
 * The full-run reference from a full build's metrics.json: its date, machine and commit, and the
 * headline conclusions of every notebook (lib/notebook/conclusions.ts). Throws one line naming the
 * file when the build was not a complete, successful full build.
 */
export function fullRunReference(metricsFile: string): FullRun {
  if (!fs.existsSync(metricsFile)) throw new Error(`${metricsFile}: not found (build it first: npm run report -- --profile full --out ${path.dirname(metricsFile)})`);
  const m = JSON.parse(fs.readFileSync(metricsFile, "utf8")) as MetricsFile;
  const p = m.provenance;
  if (p.profile !== "full") throw new Error(`${metricsFile}: a ${p.profile} build; the reference must come from a full one`);
  const failed = Object.entries(m.notebooks).filter(([, n]) => n.status !== "ok").map(([name]) => name);
  if (failed.length) throw new Error(`${metricsFile}: ${failed.join(", ")} failed; the reference needs every notebook`);
  const conclusions = Object.assign({}, ...Object.entries(m.notebooks).map(([name, n]) => readConclusions(name, n.metrics)));
  const machine = p.cpu ? `${p.cpu.model}, ${p.cpu.cores} cores` : "unknown machine";
  return { run: { date: p.ended, machine, commit: `${p.commit ?? "unknown"}${p.dirty ? " (uncommitted changes)" : ""}` }, conclusions };
}

/** `npm run reference [-- DIR]`: writes notebooks/full-run.json from DIR/metrics.json (default report/out-full). */
function main(argv: string[]): void {
  if (argv.length > 1 || argv[0]?.startsWith("-")) throw new Error("usage: npm run reference [-- DIR]  (a full build's output folder, default report/out-full)");
  const dir = path.resolve(argv[0] ?? path.join(projectRoot(), "report", "out-full"));
  const reference = fullRunReference(path.join(dir, "metrics.json"));
  writeFileAtomic(fullRunFile(), JSON.stringify(reference, null, 2) + "\n");
  console.log(`${fullRunFile()}: ${Object.keys(reference.conclusions).length} conclusions from the full build of ${reference.run.date}`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`reference: ${(e as Error).message}`);
    process.exit(1);
  }
}
