import assert from "node:assert/strict";
import { test } from "node:test";
import { strayAlongPaths, type Stray } from "../../lib";
import { PLOTLY_MIME } from "../../lib/display/mime";
import { assertAssignmentConventions, assertGoldenRecords, runAssignment } from "../support/assignment";

const NAME = "04-ae-vs-vae";
const MODELS = ["ae", "beta0", "tuned", "beta10"];

type Summary = { reconstruction: number; kl: number | null; activeUnits: number; dims: number; frechet: number; reconstructionAccuracy: number };
type Search = { betas: number[]; frechet: number[]; reconstruction: number[]; chosen: number; chosenFrechet: number; doc004: { beta: number; frechet: number } };

test("notebook 04 (AE against VAEs, the β search, interpolation) runs in the smoke profile with its figures, answers and records", async (t) => {
  const run = await runAssignment(NAME);
  assertAssignmentConventions(NAME, run);
  await assertGoldenRecords(t, NAME, run);
  const m = run.metrics as Record<string, any>;

  const titles = run.notebook.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []))
    .flatMap((o) => ("data" in o && o.data[PLOTLY_MIME] ? [String((o.data[PLOTLY_MIME] as { layout: { title: { text: string } } }).layout.title.text)] : []));
  const expected = [
    /^Autoencoder, 16-D code: reconstructions, and decodings/, /^Autoencoder: the test digits' codes per dimension/, /^β search on held-out digits$/,
    /^VAE, β = 0: loss terms/, /^VAE, tuned β = [\d.]+: loss terms/, /^VAE, β = 10: loss terms/, /^Reconstructions of test digits/, /^Samples: the same twelve/,
    /^Codes of the test digits per dimension/, /^Straight-line interpolation/, /^Classifier confidence along the path/, /^AE, 2-D code: test digits/, /^VAE β = 1, 2-D code: test digits/,
  ];
  assert.equal(titles.length, expected.length, titles.join("\n"));
  expected.forEach((re, i) => assert.match(titles[i], re));

  assert.equal(m.settings.latentDim, 16);
  const search = m.search as Search;
  assert.deepEqual(search.betas, m.settings.betas);
  assert.equal(search.frechet.length, search.betas.length);
  assert.equal(search.chosenFrechet, Math.min(...search.frechet), "the chosen β has the lowest criterion");
  assert.equal(search.chosen, search.betas[search.frechet.indexOf(search.chosenFrechet)]);
  assert.equal(search.doc004.beta, 0.075);
  for (const key of MODELS) {
    const s = m.summary[key] as Summary;
    assert.ok(s.reconstruction > 0 && s.frechet >= 0 && s.dims === 16 && s.activeUnits <= 16, `${key}: ${JSON.stringify(s)}`);
    assert.equal(s.kl === null, key === "ae", `${key}: only the autoencoder has no KL`);
    assert.ok(m.codes[key].klFromStandardNormal >= 0 && m.paths[key].byStep.length === 10);
    assert.ok(m.probe[key].testAccuracy >= 0 && m.probe[key].testAccuracy <= 1);
  }
  assert.equal(m.summary.ae.frechet, m["ae.samples"].frechet, "the AE's sample FD is the same measurement in section 1 and the table");
  assert.deepEqual(Object.keys(m.paths2d), ["ae2d", "vae2d"]);
  assert.deepEqual(Object.keys(m.probe), [...MODELS, "ae2d", "vae2d"]);
  assert.deepEqual(Object.keys(m.goals), ["tunedSamplesBeatAe", "tunedSamplesBeatBeta0", "tunedReconstructionBeatsBeta10"]);

  assert.equal(run.answers.length, 8, "questions 1-5 (interpolation and downstream apart), the tuned β and the goals");
  const [interpolation, downstream] = [run.answers[5].markdown, run.answers[6].markdown];
  assert.match(interpolation, /^\*\*Interpolations\.\*\*/);
  assert.match(downstream, /^\*\*Downstream\.\*\*/);
  // the notes naming the full run's conclusion (lab.atFull) are left out: the full report has none
  const notes = /[^.]*whose budget decides it\./g;
  const words = `${interpolation} ${downstream}`.replace(notes, "").split(/\s+/).length;
  assert.ok(words < 300, `question 5's answer stays under 300 words: ${words}`);
  assert.ok(run.answers[6].values.some((v) => v.value === m.probe.ae.testAccuracy) && run.answers[5].values.some((v) => v.value === m.paths.tuned.meanConfidence));
  const separability = (m as unknown as Record<string, string>)["probe.tunedAgainstAe"];
  const said = { higher: "the VAE's code is the easier", lower: "the autoencoder's code is the easier", "no detectable difference": "no difference beyond the 95% interval" }[separability];
  assert.ok(said && downstream.includes(said), `the probe verdict (${separability}) is the one the answer states`);
  assert.ok(run.answers.every((a) => !a.markdown.includes("[object")), "no value printed as an object");
  const stray = (m as unknown as Record<string, Record<"coded" | "plane", string>>)["paths.stray"];
  assert.equal(stray.coded, strayAlongPaths(m.paths.ae, m.paths.tuned), "the stray verdict is the lib's, from the recorded per-path gaps");
  const strayText = { "the autoencoder's": "the autoencoder's paths stray farther", "the VAE's": "the VAE's paths stray farther", neither: "neither model's paths stray" };
  for (const k of ["coded", "plane"] as const) assert.ok(interpolation.includes(strayText[stray[k] as Stray]), `${k}: ${stray[k]}`);
  const text = run.answers.map((a) => a.markdown).join("\n");
  const beta10 = m.summary.beta10 as Summary & { clearlyInactive: number };
  assert.equal(text.includes("inactive beyond their"), beta10.clearlyInactive > 0, `β = 10: ${beta10.clearlyInactive} clearly inactive`);
});
