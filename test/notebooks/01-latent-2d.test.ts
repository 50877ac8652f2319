import assert from "node:assert/strict";
import { test } from "node:test";
import { PLOTLY_MIME } from "../../lib/display/mime";
import { compareEstimates, tallyScores, type MeasureComparison, type ScoreComparison } from "../../lib/eval";
import { assertAssignmentConventions, assertGoldenRecords, runAssignment } from "../support/assignment";

const NAME = "01-latent-2d";

test("notebook 01 runs in the smoke profile with its figures, answers and recorded metrics", async (t) => {
  const run = await runAssignment(NAME);
  assertAssignmentConventions(NAME, run);
  await assertGoldenRecords(t, NAME, run);
  const titles = run.notebook.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []))
    .map((o) => ("data" in o ? (o.data[PLOTLY_MIME] as { layout: { title?: { text?: string } } } | undefined) : undefined))
    .filter((f) => f !== undefined)
    .map((f) => f!.layout.title?.text ?? "");
  assert.deepEqual(titles, [
    "Dense VAE: the layers of encoder and decoder",
    "Dense VAE: posterior means of the test digits",
    "Dense VAE: grid over the active region",
    "Dense VAE: (0, 0) decoded",
    "Conv VAE: the layers of encoder and decoder",
    "Conv VAE: posterior means of the test digits",
    "Conv VAE: grid over the active region",
    "(0, 0) decoded by each model",
    "Conditional conv VAE: posterior means of the test digits",
    "Conditional VAE: digit 5, active region",
    "Conditional conv VAE: (0, 0) decoded for each digit",
  ]);
  assert.equal(run.answers.length, 11, "the seven questions (quality and time apart), the spread across seeds, the classifier's accuracy and the distance to the goals");
  const m = run.metrics as Record<string, Record<string, unknown>>;
  for (const model of ["dense", "conv", "cond"]) {
    for (const key of ["reconstruction", "kl", "total", "totalSE", "iwBound", "iwBoundSE", "secondsPerEpoch", "imagesPerSecond", "meanConfidence", "meanConfidenceSE", "classEntropy", "frechet", "frechetLow", "frechetHigh"]) {
      assert.equal(typeof m[`${model}.score`]?.[key], "number", `${model}.score.${key} is recorded for the report`);
    }
  }
  assert.equal(typeof m["cond.score"].conditionalAccuracy, "number");
  assert.equal(m["dense.convolutional"] as unknown, false, "the dense VAE is read as not convolutional");
  assert.equal((m["conv.diagnosis"] as { dead: unknown[] }).dead.length, 6, "dead units of every ReLU layer of the conv VAE");
  for (const key of ["conv.probe", "cond.probe"]) assert.equal(typeof m[key].testAccuracy, "number", key);
  assert.ok(run.answers.some((a) => /\*\*No\*\*: the dense VAE has no convolution/.test(a.markdown)), "question 1 is answered from the model");
  assertVerdicts(run.answers.map((a) => a.markdown), m);
});

/** Every verdict of the quality answers is the one its recorded interval supports, and the text says it. */
function assertVerdicts(answers: string[], m: Record<string, unknown>): void {
  const quality = m["quality.convMinusDense"] as unknown as ScoreComparison;
  const text = answers.find((a) => a.startsWith("**Quality**"))!;
  const lines: Record<string, string> = { total: "- test total", iwBound: "- importance-weighted bound", meanConfidence: "- the classifier's mean confidence", frechet: "- Frechet distance" };
  for (const [measure, c] of Object.entries(quality) as [keyof ScoreComparison, MeasureComparison][]) {
    assert.equal(compareEstimates(c.difference), c.verdict, `${measure}: the verdict is the one its interval gives`);
    const line = text.split("\n").find((l) => l.startsWith(lines[measure]))!;
    const said = c.verdict === "no detectable difference" ? "no detectable difference (95% interval" : ` ${c.verdict} (95% interval`;
    assert.ok(line.includes(said), `${measure}: the answer says "${said}": ${line}`);
  }
  const tally = tallyScores(quality);
  const list = (names: string[]) => (names.length ? names.join(", ") : "none");
  assert.ok(text.includes(`The conv VAE is ahead on: ${list(tally.a)}; the dense VAE on: ${list(tally.b)}; no detectable difference on: ${list(tally.neither)}.`));
  const cond = m["quality.condMinusConv"] as unknown as ScoreComparison;
  const condText = answers.find((a) => a.startsWith("The conditional model's test loss"))!;
  assert.equal(compareEstimates(cond.total!.difference), cond.total!.verdict);
  assert.ok(condText.includes(cond.total!.verdict === "lower" ? "Knowing the digit saves nats" : "Knowing the digit saves no nats"), condText);
}
