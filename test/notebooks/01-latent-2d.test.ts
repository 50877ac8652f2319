import assert from "node:assert/strict";
import { test } from "node:test";
import { PLOTLY_MIME } from "../../lib/display/mime";
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
  assert.equal(run.answers.length, 9, "the seven questions, the classifier's accuracy and the distance to the goals");
  const m = run.metrics as Record<string, Record<string, unknown>>;
  for (const model of ["dense", "conv", "cond"]) {
    for (const key of ["reconstruction", "kl", "total", "logLikelihood", "secondsPerEpoch", "imagesPerSecond", "confidence", "classEntropy", "frechet"]) {
      assert.equal(typeof m[`${model}.score`]?.[key], "number", `${model}.score.${key} is recorded for the report`);
    }
  }
  assert.equal(typeof m["cond.score"].conditionalAccuracy, "number");
  assert.equal(m["dense.convolutional"] as unknown, false, "the dense VAE is read as not convolutional");
  assert.equal((m["conv.diagnosis"] as { dead: unknown[] }).dead.length, 6, "dead units of every ReLU layer of the conv VAE");
  for (const key of ["conv.probe", "cond.probe"]) assert.equal(typeof m[key].testAccuracy, "number", key);
  assert.ok(run.answers.some((a) => /\*\*No\*\*: the dense VAE has no convolution/.test(a.markdown)), "question 1 is answered from the model");
});
