import assert from "node:assert/strict";
import { test } from "node:test";
import { sharpnessVerdict, type Comparison, type DrawnElbo, type SampleSummary, type Sharpness, type SharpnessComparison, type TermMeans } from "../../lib";
import { assertAssignmentConventions, assertGoldenRecords, runAssignment } from "../support/assignment";

const NAME = "02-priors-and-losses";
const PRIORS = ["N(0, 1)", "N(1, var 2)", "N(1, sd 2)", "Beta(0.25, 0.25)"];

test("notebook 02 runs in the smoke profile: every prior and variant has its pictures and numbers, and the answers are built from them", async (t) => {
  const run = await runAssignment(NAME);
  assertAssignmentConventions(NAME, run);
  await assertGoldenRecords(t, NAME, run);
  const m = run.metrics as Record<string, any>;

  // pictures: 3 training curves, 2 reconstruction grids, a sample grid per model plus the side-by-side, the class histogram, the aggregate posterior
  assert.equal(run.figures, 11);
  // answers: test loss, Beta moments, class balance, priors (realism, then why), BCE against MSE, the sampled mean, what the profile cuts
  assert.equal(run.answers.length, 8);

  assert.deepEqual(m.priors.map((p: { label: string }) => p.label), PRIORS);
  const beta = m.priors[3];
  assert.ok(Math.abs(beta.mean - 0.5) < 1e-12 && Math.abs(beta.variance - 1 / 6) < 1e-12, "Beta(0.25, 0.25): mean 0.5, variance 1/6");
  assert.ok(Math.abs(m.priors[1].variance - 2) < 1e-12 && m.priors[2].variance === 4, "N(1, 2) read as variance 2 and as sd 2");

  for (const model of ["plain", "mse", "sampledMean"]) {
    const sets = m[`${model}.samples`] as (SampleSummary & { label: string })[];
    assert.deepEqual(sets.map((s) => s.label), PRIORS, `${model}: a sample set per prior`);
    for (const s of sets) {
      assert.equal(s.samples, m.run.samples);
      assert.equal(s.fractions.length, 10);
      assert.ok(s.frechet >= 0 && s.meanConfidence > 0 && s.meanConfidence <= 1 && s.classEntropy >= 0 && s.classEntropy <= Math.log(10) + 1e-9, `${model} ${s.label}: ${JSON.stringify(s)}`);
    }
  }
  assert.equal(m["plain.mismatch"].length, 4);
  const scale = m["plain.codeScale"] as number[];
  assert.ok(scale[2] > scale[1] && scale[1] > scale[0] && scale[0] > scale[3], `code scale grows with E[z^2] of the prior: ${scale}`);
  assert.equal(m["plain.sharpness"].length, 4);
  assert.ok(m["plain.aggregate"].dims === 100 && m["plain.aggregate"].activeCount <= 100);

  const test = m["plain.test"] as TermMeans;
  assert.ok(Math.abs(test.total - test.reconstruction! - test.kl!) < 1e-6);
  assert.equal(m["plain.testAt10"], null, "smoke trains one epoch: no epoch-10 loss to set beside PyTorch's");
  const elbo = m.elbo as { plain: DrawnElbo; sampledMean: DrawnElbo };
  assert.ok(Math.abs(elbo.plain.kl - elbo.plain.klAsTrained) < 1e-3, "a plain VAE draws from the posterior its KL describes");
  assert.ok(Math.abs(elbo.sampledMean.kl - elbo.sampledMean.klAsTrained) > 1e-3, "the sampled-mean variant does not");

  const sharp = m.sharpness as Record<"test" | "bce" | "mse", Sharpness>;
  assert.ok(sharp.test.rmsGradient > 0 && sharp.bce.rmsGradient > 0 && sharp.mse.rmsGradient > 0);

  const text = run.answers.map((a) => a.markdown).join("\n");
  for (const label of PRIORS) assert.ok(text.includes(`**${label}**`), `the class-balance answer lists ${label}`);
  assert.match(text, /Most realistic by the classifier: .+\*\* .*Most diverse: /s);
  assert.match(text, /1\/6|one sixth/, "the Beta variance is stated");
  assertVerdicts(text, m);
});

/** The verdicts the answers state are the ones the recorded intervals give. */
function assertVerdicts(text: string, m: Record<string, any>): void {
  const priors = m["plain.verdicts"] as { realism: Comparison; diversity: Comparison };
  const apart = /Most realistic by the classifier: [^*]+\.\*\* Its samples are closest to the test digits: [^;]*(beyond|within) the 95% interval/.exec(text);
  assert.equal(apart?.[1], priors.realism === "no detectable difference" ? "within" : "beyond", `realism verdict ${priors.realism}`);
  const sharpness = m["sharpness.mseAgainstBce.beta"] as SharpnessComparison;
  const headline = { sharper: "**Yes**", blurrier: "**No**", "not clearly": "**Not clearly**" }[sharpnessVerdict(sharpness)];
  assert.ok(text.includes(`${headline}, on doc 002's own comparison`), `the sharpness headline is ${headline}`);
  const gap = m["sampledMean.elboAgainstPlain"] as { verdict: Comparison };
  const sampled = {
    higher: "**It makes a worse model.**",
    lower: "**It makes a better model.**",
    "no detectable difference": "**It does not change the bound detectably.**",
  }[gap.verdict];
  assert.ok(text.includes(sampled), `the sampled-mean headline is ${sampled}`);
  const fainter = m["sampledMean.saturationAgainstPlain"] as Comparison;
  assert.equal(text.includes("decode to fainter images"), fainter === "lower", `fainter only when the saturated share is lower: ${fainter}`);
}
