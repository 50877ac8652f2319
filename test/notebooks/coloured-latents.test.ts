import assert from "node:assert/strict";
import { test } from "node:test";
import { PLOTLY_MIME } from "../../lib/display/mime";
import type { ColoredModelMetrics, FactorEffect } from "../../lib";
import { assertAssignmentConventions, assertGoldenRecords, runAssignment } from "../support/assignment";

const NAME = "03-coloured-latents";
const MODELS = ["colored-vae-2d", "gumbel-vae", "gumbel-vae-6x25", "joint-vae", "joint-vae-separate", "joint-vae-conv", "joint-vae-mean", "joint-vae-concat-3x20"];
const FACTORS: Record<string, string[]> = {
  "colored-vae-2d": ["z[0]", "z[1]"],
  "gumbel-vae": ["c[0]", "c[1]", "c[2]"],
  "gumbel-vae-6x25": ["c[0]", "c[1]", "c[2]", "c[3]", "c[4]", "c[5]"],
  "joint-vae": ["z[0]", "z[1]", "c[0]", "c[1]", "c[2]", "c[3]", "c[4]"],
  "joint-vae-separate": ["z[0]", "z[1]", "c[0]", "c[1]", "c[2]", "c[3]", "c[4]"],
  "joint-vae-conv": ["z[0]", "z[1]", "c[0]", "c[1]", "c[2]", "c[3]", "c[4]"],
  "joint-vae-mean": ["z[0]", "z[1]", "c[0]", "c[1]", "c[2]"],
  "joint-vae-concat-3x20": ["z[0]", "z[1]", "c[0]", "c[1]", "c[2]"],
};

test("notebook 03 (coloured latents) runs in the smoke profile: every model's views, scores and control table, every claim answered", async (t) => {
  const run = await runAssignment(NAME);
  assertAssignmentConventions(NAME, run);
  await assertGoldenRecords(t, NAME, run);
  const titles = run.notebook.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []))
    .flatMap((o) => ("data" in o && o.data[PLOTLY_MIME] ? [((o.data[PLOTLY_MIME] as { layout: { title: { text: string } } }).layout.title.text)] : []));
  assert.deepEqual(titles.slice(0, 2), ["The palette", "Coloured MNIST: one example per colour and digit"]);
  for (const m of MODELS) {
    const own = titles.filter((t) => t.startsWith(`${m}: `));
    const plane = FACTORS[m].includes("z[0]") ? 1 : 0;
    assert.equal(own.length, 4 + plane, `${m}: scatter by digit and by colour, ${plane ? "decoded plane, " : ""}images, traversal: ${own.join(" | ")}`);
  }
  assert.ok(titles.includes("What each latent factor moves (a point per factor)") && titles.includes("Reconstructions of the joint models"));
  const models = run.metrics["models"] as Record<string, ColoredModelMetrics>;
  const control = run.metrics["control"] as Record<string, FactorEffect[]>;
  assert.deepEqual(Object.keys(models), MODELS);
  for (const m of MODELS) {
    assert.deepEqual(control[m].map((e) => e.factor), FACTORS[m], `${m}: a control row per factor`);
    assert.ok(control[m].every((e) => ["colour", "digit", "both", "neither"].includes(e.moves)));
    const { reconstructions: r, loss, usage } = models[m];
    assert.ok(r.colorAccuracy >= 0 && r.colorAccuracy <= 1 && r.digitAccuracy >= 0 && r.digitAccuracy <= 1 && loss.total > 0, m);
    assert.equal(usage.continuousDims, FACTORS[m].filter((f) => f.startsWith("z")).length, m);
  }
  for (const name of ["judges", "training", "goals", "colored-vae-2d.range", "doc003.continuousRange", "colored-vae-2d.square"]) assert.ok(name in run.metrics, `recorded ${name}`);
  const answers = run.answers.map((a) => a.markdown);
  for (const claim of [/ceilings/, /Doc 003 found its continuous model's codes/, /shared trunk/, /transposed-conv decoder/, /Test loss: combined/, /Averaged decoders/, /\*\*Colour:\*\*[\s\S]*\*\*Digit:\*\*/, /categorical variables tell/, /Picking a point/]) {
    assert.equal(answers.filter((a) => claim.test(a)).length, 1, `one answer matches ${claim}`);
  }
  const hindrance = run.metrics.hindrance as { averaged: string };
  const said = { lower: /So yes, on doc 000's own joint model/, higher: /So no, on doc 000's own joint model/, "no detectable difference": /So no hindrance this run can detect/ }[hindrance.averaged];
  assert.ok(said && answers.some((a) => said.test(a)), `the hindrance verdict (${hindrance.averaged}) is the one the answer states`);
  const saturation = run.metrics["averaging.saturation"] as string;
  const washed = { lower: "washes the strokes out", higher: "leaves the strokes more saturated", "no detectable difference": "leaves the strokes' saturation" };
  assert.ok(answers.some((a) => a.includes(`and ${washed[saturation as keyof typeof washed]}`)), `the washing-out verdict (${saturation}) is stated`);
  const trunkLoss = run.metrics["trunks.lossSharedAgainstSeparate"] as { verdict: string; basis: string };
  assert.equal(trunkLoss.basis, "paired over test images");
  const trunkWords = trunkLoss.verdict === "no detectable difference" ? "no detectable difference" : `nats ${trunkLoss.verdict}`;
  assert.ok(answers.some((a) => a.includes("shared minus separate") && a.includes(trunkWords)), `the trunks' loss verdict (${trunkLoss.verdict})`);
  const lead = run.metrics["best.lead"] as { colour: string; digit: string };
  const best = answers.find((a) => a.startsWith("**Colour:**"))!;
  for (const [line, verdict] of [[best.split("\n")[0], lead.colour], [best.split("\n")[1], lead.digit]]) {
    const words = verdict === "higher" ? "ahead of the runner-up beyond the 95% interval" : "but not ahead of the runner-up";
    assert.ok(line.includes(words), `the lead verdict (${verdict}) is the one stated: ${line}`);
  }
});
