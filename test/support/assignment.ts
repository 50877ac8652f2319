import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ANSWER_MIME, PLOTLY_MIME, type AnswerData } from "../../lib/display/mime";
import type { MetricsFile } from "../../report/metrics";
import { joinSource, readNotebook, type CodeCell, type Notebook, type Output } from "../../report/notebook";
import { buildReport } from "../../report/build";
import { captureStream } from "./notebooks";
import { ROOT } from "./kernel";
import { tempDir } from "./lab";
/** The part of node:test's TestContext (not exported by @types/node 20.11) that subtests need. */
type TestContext = { test(name: string, options: { skip?: string }, fn: () => void): Promise<void> };
import { isTiming, leaves } from "../../report/check/compare";
import { assertGolden, goldenSkip } from "./golden";

/** An assignment notebook executed by the report build, with what the checks need. */
export interface ExecutedAssignment {
  notebook: Notebook;
  metrics: Record<string, unknown>;
  answers: AnswerData[];
  figures: number;
  /** Every error and every stderr line: a clean run writes none (the lib's notes are displays, not stderr). */
  errors: string[];
  seconds: number;
  /** The kernel's reproducibility line (what the golden values are keyed by). */
  reproducibility: string | null;
}

const text = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

/**
 * Runs `notebooks/<name>.ipynb` through the report build (its runner and the real kernel) in the
 * `smoke` profile, from an empty checkpoint folder and with its own report cache (the checkout's stays
 * untouched), and returns the executed notebook and its records.
 * Fails with the build's own message when a cell fails.
 */
export async function runAssignment(name: string): Promise<ExecutedAssignment> {
  const dir = tempDir("vae-lab-assignment-");
  const out = path.join(dir, "out");
  const stream = captureStream();
  const previous = process.env.VAE_LAB_CHECKPOINTS;
  process.env.VAE_LAB_CHECKPOINTS = tempDir("vae-lab-checkpoints-");
  try {
    const r = await buildReport({ root: ROOT, notebooks: path.join(ROOT, "notebooks"), out, profile: "smoke", only: [name], cache: false, cacheDir: path.join(dir, "cache"), jobs: 1, stream });
    assert.ok(r.ok, `${r.failures.map((f) => `${f.message}\n${f.details}`).join("\n")}\n${stream.text()}`);
  } finally {
    if (previous === undefined) delete process.env.VAE_LAB_CHECKPOINTS;
    else process.env.VAE_LAB_CHECKPOINTS = previous;
  }
  const notebook = readNotebook(path.join(out, "notebooks", `${name}.ipynb`));
  const file = JSON.parse(fs.readFileSync(path.join(out, "metrics.json"), "utf8")) as MetricsFile;
  const outputs = notebook.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []));
  const data = (o: Output) => (o.output_type === "display_data" || o.output_type === "execute_result" ? o.data : {});
  return {
    notebook,
    metrics: file.notebooks[name].metrics,
    answers: outputs.map((o) => data(o)[ANSWER_MIME] as AnswerData | undefined).filter((a): a is AnswerData => a !== undefined),
    figures: outputs.filter((o) => data(o)[PLOTLY_MIME]).length,
    errors: outputs.flatMap((o) => (o.output_type === "error" ? [`${o.ename}: ${o.evalue}`] : o.output_type === "stream" && o.name === "stderr" ? text(o.text).split("\n").filter((l) => l) : [])),
    seconds: file.notebooks[name].seconds,
    reproducibility: file.provenance.backend.reproducibility ?? null,
  };
}

/** Every finite number inside a recorded value (objects and arrays walked). */
function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(numbersIn);
  return [];
}

/**
 * The checks every assignment notebook passes: the source is committed without outputs; the run shows
 * no error and no stderr at all; it has answers and figures; and every number an answer
 * cites is one of the recorded metrics (so none is typed by hand).
 */
export function assertAssignmentConventions(name: string, run: ExecutedAssignment): void {
  const source = readNotebook(path.join(ROOT, "notebooks", `${name}.ipynb`));
  assert.ok(source.cells.every((c) => c.cell_type !== "code" || c.outputs.length === 0), `${name}: the committed notebook has no outputs`);
  const params = source.cells.find((c): c is CodeCell => c.cell_type === "code");
  assert.ok(params?.metadata.tags?.includes("parameters"), `${name}: the first code cell is tagged parameters`);
  assert.match(joinSource(params!.source), /lab\.profile\(\)/, `${name}: the parameters cell reads the profile`);
  assert.deepEqual(run.errors, [], `${name}: no errors and no stderr`);
  assert.ok(run.answers.length > 0 && run.figures > 0, `${name}: answers and figures`);
  const recorded = new Set(numbersIn(run.metrics));
  for (const a of run.answers) {
    for (const v of a.values) assert.ok(recorded.has(v.value), `${name}: the answer's ${v.text} (${v.value}) is not a recorded metric:\n${a.markdown}`);
  }
  const long = source.cells.filter((c) => c.cell_type === "code" && joinSource(c.source).split("\n").length > 15);
  assert.deepEqual(long.map((c) => joinSource(c.source).split("\n")[0]), [], `${name}: code cells stay under 15 lines (logic lives in lib/)`);
}

/**
 * A subtest: every value the run recorded, timings aside, against `test/golden/smoke/<name>.json`
 * bit for bit (see test/support/golden.ts; skipped with the reason on a route without references).
 */
export async function assertGoldenRecords(t: TestContext, name: string, run: ExecutedAssignment): Promise<void> {
  const file = `smoke/${name}.json`;
  const skip = goldenSkip(file, run.reproducibility);
  const values = Object.fromEntries(Object.entries(run.metrics).flatMap(([n, v]) => leaves(n, v)).filter(([n]) => !isTiming(n)));
  await t.test("its recorded values are the golden values, bit for bit", skip ? { skip } : {}, () => assertGolden(file, run.reproducibility!, values));
}
