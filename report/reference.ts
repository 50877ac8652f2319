#!/usr/bin/env node
import * as fs from "node:fs";
import * as path from "node:path";
import { CONCLUSIONS, readConclusions } from "../lib/notebook/conclusions";
import { fullRunFile, type FullRun } from "../lib/notebook/full-run";
import { projectRoot, writeFileAtomic } from "../lib/util/fs";
import type { MetricsFile } from "./metrics";

/** Every notebook's headline conclusions in a build's metrics, read from its records, by key. */
function conclusionsOf(m: MetricsFile): Record<string, string> {
  return Object.assign({}, ...Object.entries(m.notebooks).map(([name, n]) => readConclusions(name, n.metrics)));
}

/**
 * The full-run reference from a full build's metrics.json: its date, machine and commit, each
 * notebook's wall seconds, and the headline conclusions of every notebook (lib/notebook/conclusions.ts). Throws one line naming the
 * file when the build was not a complete, successful full build.
 */
export function fullRunReference(metricsFile: string): FullRun {
  if (!fs.existsSync(metricsFile)) {
    throw new Error(`${metricsFile}: not found (build it first: npm run report -- --profile full --out ${path.dirname(metricsFile)})`);
  }
  const m = JSON.parse(fs.readFileSync(metricsFile, "utf8")) as MetricsFile;
  const p = m.provenance;
  if (p.profile !== "full") throw new Error(`${metricsFile}: a ${p.profile} build; the reference must come from a full one`);
  const failed = Object.entries(m.notebooks).filter(([, n]) => n.status !== "ok").map(([name]) => name);
  if (failed.length) throw new Error(`${metricsFile}: ${failed.join(", ")} failed; the reference needs every notebook`);
  const conclusions = conclusionsOf(m);
  const machine = p.cpu ? `${p.cpu.model}, ${p.cpu.cores} cores` : "unknown machine";
  const notebooks = Object.fromEntries(Object.entries(m.notebooks).map(([name, n]) => [name, { seconds: n.seconds }]));
  const commit = `${p.commit ?? "unknown"}${p.dirty ? " (uncommitted changes)" : ""}`;
  return { run: { date: p.ended, machine, commit }, conclusions, notebooks };
}

/** Every conclusion side by side: a markdown table of the full run's and another build's (e.g. quick's). */
export function conclusionTable(full: FullRun, other: MetricsFile, otherLabel: string): string {
  const theirs = conclusionsOf(other);
  const rows = CONCLUSIONS.map((c) => {
    const [f, o] = [full.conclusions[c.key], theirs[c.key]];
    const same = f === undefined || o === undefined ? "?" : f === o ? "same" : "differs";
    return `| ${c.key} | ${c.question} | ${f ?? "(not run)"} | ${o ?? "(not run)"} | ${same} |`;
  });
  return [`| key | conclusion | full | ${otherLabel} | |`, "|---|---|---|---|---|", ...rows].join("\n");
}

const USAGE =
  "usage: npm run reference [-- DIR] [--against DIR]  (a full build's output folder, default report/out-full; " +
  "--against prints its conclusions beside another build's)";

/**
 * `npm run reference [-- DIR]`: writes notebooks/full-run.json from DIR/metrics.json (default
 * report/out-full); with `--against OTHER`, prints instead the table of both builds' conclusions.
 */
function main(argv: string[]): void {
  const at = argv.indexOf("--against");
  const against = at >= 0 ? argv[at + 1] : undefined;
  const rest = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv;
  if (rest.length > 1 || rest[0]?.startsWith("-") || (at >= 0 && !against)) throw new Error(USAGE);
  const dir = path.resolve(rest[0] ?? path.join(projectRoot(), "report", "out-full"));
  const reference = fullRunReference(path.join(dir, "metrics.json"));
  if (against) {
    const file = path.join(path.resolve(against), "metrics.json");
    if (!fs.existsSync(file)) throw new Error(`${file}: not found`);
    const other = JSON.parse(fs.readFileSync(file, "utf8")) as MetricsFile;
    return void console.log(conclusionTable(reference, other, other.provenance.profile));
  }
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
