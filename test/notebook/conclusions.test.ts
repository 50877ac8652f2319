import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { CONCLUSIONS, readConclusions } from "../../lib/notebook/conclusions";
import { atFull, loadFullRun, type FullRun } from "../../lib/notebook/full-run";
import { comparePytorch, pytorchRun, pytorchSentence } from "../../lib/notebook/references";
import { conclusionTable, fullRunReference } from "../../report/reference";

const score = (total: number, meanConfidence: number, frechet: number) => ({ total, meanConfidence, frechet });
const records01 = { "dense.score": score(151.2, 0.82, 212), "conv.score": score(152.4, 0.84, 187), "conv.region": { digits: 10 } };
const records02 = { "plain.samples": [{ label: "N(0, 1)", frechet: 54.6, classEntropy: 2.2 }, { label: "N(1, sd 2)", frechet: 63.6, classEntropy: 2.25 }] };
const records04 = { paths: { ae: { meanConfidence: 0.90 }, tuned: { meanConfidence: 0.89 } }, summary: { beta10: { activeUnits: 6, dims: 16 } } };
const reference: FullRun = { run: { date: "2026-12-04T21:00:00Z", machine: "AMD EPYC, 2 cores", commit: "abc" }, conclusions: { "02.mostRealisticPrior": "N(0, 1)" } };

test("conclusions are read from a notebook's records by one rule each", () => {
  assert.deepEqual(readConclusions("01-latent-2d", records01), {
    "01.testTotal": "the dense VAE", "01.samples": "the conv VAE", "01.convGrid": "all 10 digits",
  });
  assert.deepEqual(readConclusions("02-priors-and-losses", records02), { "02.mostRealisticPrior": "N(0, 1)", "02.mostDiversePrior": "N(1, sd 2)" });
  assert.deepEqual(readConclusions("04-ae-vs-vae", records04), { "04.interpolation": "about as realistic along either", "04.beta10Active": "some dimensions inactive" });
  assert.deepEqual(readConclusions("01-latent-2d", {}), {}, "missing records give no conclusion");
  // metrics files written before the sample scores were renamed (confidence, entropy) still read
  const old01 = { "dense.score": { total: 151.2, confidence: 0.82, frechet: 212 }, "conv.score": { total: 152.4, confidence: 0.84, frechet: 187 } };
  assert.equal(readConclusions("01-latent-2d", old01)["01.samples"], "the conv VAE", "older records: confidence");
  const old02 = { "plain.samples": [{ label: "N(0, 1)", frechet: 54.6, entropy: 2.2 }, { label: "N(1, sd 2)", frechet: 63.6, entropy: 2.25 }] };
  assert.equal(readConclusions("02-priors-and-losses", old02)["02.mostDiversePrior"], "N(1, sd 2)", "older records: entropy");
  assert.equal(new Set(CONCLUSIONS.map((c) => c.key)).size, CONCLUSIONS.length, "keys are unique");
});

test("atFull says nothing at full, when both agree or without a reference, and names the full conclusion otherwise", () => {
  const ours = { "plain.samples": [{ label: "N(0, 1)", frechet: 96.5, classEntropy: 2.2 }, { label: "N(1, sd 2)", frechet: 61.8, classEntropy: 1.9 }] };
  assert.equal(atFull("02.mostRealisticPrior", { profile: "full", records: ours, reference }), "");
  assert.equal(atFull("02.mostRealisticPrior", { profile: "quick", records: records02, reference }), "");
  assert.equal(atFull("02.mostDiversePrior", { profile: "quick", records: ours, reference }), "", "no reference for this conclusion");
  assert.equal(
    atFull("02.mostRealisticPrior", { profile: "quick", records: ours, reference }),
    "The most realistic prior by the classifier: N(0, 1) at the assignment's full settings (reference run of 2026-12-04 on AMD EPYC, 2 cores), "
      + "N(1, sd 2) in this quick run, whose budget decides it.",
  );
  assert.throws(() => atFull("02.nope", { profile: "quick", records: ours, reference }), /^Error: unknown conclusion "02.nope" \(known: 01.testTotal, /);
  assert.throws(() => atFull("01.testTotal", { profile: "quick", records: {}, reference }), /atFull: 01.testTotal needs records this run has not made yet/);
});

function metricsDir(profile: string, status = "ok"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vae-lab-ref-"));
  const provenance = { profile, ended: "2026-12-04T21:00:00Z", commit: "abc", dirty: false, cpu: { model: "AMD EPYC", cores: 2 } };
  const notebooks = { "02-priors-and-losses": { metrics: records02, status, seconds: 1417.3 }, "04-ae-vs-vae": { metrics: records04, status: "ok", seconds: 1172.7 } };
  fs.writeFileSync(path.join(dir, "metrics.json"), JSON.stringify({ provenance, notebooks }));
  return dir;
}

test("the reference comes only from a complete full build, with its machine, date and commit", () => {
  const ref = fullRunReference(path.join(metricsDir("full"), "metrics.json"));
  assert.deepEqual(ref.run, { date: "2026-12-04T21:00:00Z", machine: "AMD EPYC, 2 cores", commit: "abc" });
  assert.equal(ref.conclusions["02.mostRealisticPrior"], "N(0, 1)");
  assert.equal(ref.conclusions["04.beta10Active"], "some dimensions inactive");
  assert.deepEqual(ref.notebooks, { "02-priors-and-losses": { seconds: 1417.3 }, "04-ae-vs-vae": { seconds: 1172.7 } }, "each notebook's seconds, for a first build's start order");
  assert.throws(() => fullRunReference(path.join(metricsDir("quick"), "metrics.json")), /metrics.json: a quick build; the reference must come from a full one$/);
  assert.throws(() => fullRunReference(path.join(metricsDir("full", "failed"), "metrics.json")), /02-priors-and-losses failed; the reference needs every notebook$/);
  assert.throws(() => fullRunReference("/nonexistent/metrics.json"), /^Error: \/nonexistent\/metrics.json: not found/);
});

test("a broken reference file fails in one line naming it", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "vae-lab-ref-")), "full-run.json");
  assert.equal(loadFullRun(file), undefined);
  fs.writeFileSync(file, "{ no");
  assert.throws(() => loadFullRun(file), new RegExp(`^Error: ${file}: not JSON`));
  fs.writeFileSync(file, "{}");
  assert.throws(() => loadFullRun(file), /expected \{ run: \{ date, machine, commit \}, conclusions/);
});

test("PyTorch peers are cited only at exactly their budget, from the one table", () => {
  const runs = [
    { model: "dense-vae-2d", total: 151.2, epochs: 30, images: 60000, seed: 0 },
    { model: "conv-vae-2d", total: 170.1, epochs: 2, images: 60000, seed: 0 },
    { model: "dense-vae-2d", total: 151.2, epochs: 30, images: 2000, seed: 0 },
  ];
  const list = comparePytorch(runs);
  assert.deepEqual(list.map((t) => [t.model, t.epochs, t.pytorch]), [["dense-vae-2d", 30, pytorchRun("dense-vae-2d", 30)!.total]]);
  assert.ok(Math.abs(list[0].gap - (151.2 - list[0].pytorch)) < 1e-9);
  assert.match(pytorchSentence(list).data.markdown, /^A PyTorch run of the same network and settings \(seed 0, one core\) reached: dense-vae-2d after 30 epochs 150\.9 nats \(ours 0\.34 nats above it\)\.$/);
  assert.equal(pytorchSentence([]).data.markdown, "No PyTorch run at this profile's budget is on record to compare with.");
});

test("the conclusion table puts both builds side by side and says which differ", () => {
  const ref = fullRunReference(path.join(metricsDir("full"), "metrics.json"));
  const quick = JSON.parse(fs.readFileSync(path.join(metricsDir("quick"), "metrics.json"), "utf8"));
  quick.notebooks["02-priors-and-losses"].metrics = { "plain.samples": [{ label: "N(0, 1)", frechet: 96, classEntropy: 2.2 }, { label: "N(1, sd 2)", frechet: 61, classEntropy: 1.9 }] };
  const table = conclusionTable(ref, quick, "quick").split("\n");
  assert.equal(table[0], "| key | conclusion | full | quick | |");
  assert.ok(table.includes("| 02.mostRealisticPrior | the most realistic prior by the classifier | N(0, 1) | N(1, sd 2) | differs |"), table.join("\n"));
  assert.ok(table.includes("| 04.beta10Active | whether β = 10 keeps every dimension active | some dimensions inactive | some dimensions inactive | same |"));
  assert.ok(table.includes("| 01.testTotal | the lower test total (negative ELBO) | (not run) | (not run) | ? |"));
});

test("path realism is decided pair by pair when the records have per-pair scores: a 2-point gap inside the noise is no verdict", () => {
  const same = { ae: { meanConfidence: 0.8, perPair: [0.9, 0.7, 0.85, 0.75] }, tuned: { meanConfidence: 0.8201, perPair: [0.95, 0.7, 0.86, 0.77] } };
  assert.deepEqual(readConclusions("04-ae-vs-vae", { paths: same }), { "04.interpolation": "about as realistic along either" });
  const better = { ae: { meanConfidence: 0.7, perPair: [0.7, 0.6, 0.8, 0.7] }, tuned: { meanConfidence: 0.78, perPair: [0.78, 0.69, 0.87, 0.78] } };
  assert.deepEqual(readConclusions("04-ae-vs-vae", { paths: better }), { "04.interpolation": "more realistic along the VAE's paths" });
  const old = { ae: { meanConfidence: 0.8 }, tuned: { meanConfidence: 0.8201 } };
  assert.deepEqual(readConclusions("04-ae-vs-vae", { paths: old }), { "04.interpolation": "more realistic along the VAE's paths" }, "records without per-pair scores keep the old 2-point rule");
});

test("whose paths stray farther is decided path by path; β = 10's active dimensions by their intervals", () => {
  const gaps = (meanGap: number, gapPerPair?: number[]) => ({ meanConfidence: 0.8, meanGap, ...(gapPerPair ? { gapPerPair } : {}) });
  const close = { ae: gaps(1.3, [1.2, 1.5, 1.1, 1.4]), tuned: gaps(1.05, [1.5, 0.9, 1.2, 0.6]) };
  assert.equal(readConclusions("04-ae-vs-vae", { paths: close })["04.stray"], "neither", "a 1.24x ratio inside the noise is no verdict");
  const apart = { ae2d: gaps(2.0, [2.1, 1.9, 2.2, 1.8]), vae2d: gaps(1.0, [1.1, 0.9, 1.2, 0.8]) };
  assert.equal(readConclusions("04-ae-vs-vae", { paths2d: apart })["04.strayPlane"], "the autoencoder's");
  assert.equal(readConclusions("04-ae-vs-vae", { paths2d: { ae2d: gaps(1, [1, 1.1]), vae2d: gaps(2, [2.1, 1.9]) } })["04.strayPlane"], "the VAE's");
  assert.equal(readConclusions("04-ae-vs-vae", { paths: { ae: gaps(1.3), tuned: gaps(1.0) } })["04.stray"], "the autoencoder's", "old records: 1.2x");
  const beta10 = (clearlyActive: number, clearlyInactive: number) => ({ summary: { beta10: { activeUnits: 16, dims: 16, clearlyActive, clearlyInactive } } });
  assert.equal(readConclusions("04-ae-vs-vae", beta10(16, 0))["04.beta10Active"], "every dimension active");
  assert.equal(readConclusions("04-ae-vs-vae", beta10(14, 0))["04.beta10Active"], "too close to call at the 0.01 threshold");
  assert.equal(readConclusions("04-ae-vs-vae", beta10(10, 2))["04.beta10Active"], "some dimensions inactive");
});

test("03's best models are read from the models record, one per measure", () => {
  const rec = (c: number, d: number, j: number) => ({ reconstructions: { colorAccuracy: c, digitAccuracy: d, jointAccuracy: j } });
  const models = { "colored-vae-2d": rec(0.92, 0.26, 0.24), "joint-vae-conv": rec(0.71, 0.77, 0.54), "joint-vae-concat-3x20": rec(0.99, 0.66, 0.66) };
  assert.deepEqual(readConclusions("03-coloured-latents", { models }), {
    "03.best.colorAccuracy": "joint-vae-concat-3x20", "03.best.digitAccuracy": "joint-vae-conv", "03.best.jointAccuracy": "joint-vae-concat-3x20",
  });
});
