import * as pl from "nodejs-polars";
import { dataFrameBundle, figureBundle } from "../../lib/display/bundles";
import type { MimeBundle } from "../../lib/display/jupyter";
import { PROGRESS_MIME, RECORD_MIME } from "../../lib/display/mime";
import { answer, q } from "../../lib/notebook/answer";
import { classHistogram } from "../../lib/plots/bars";
import { trainingCurves } from "../../lib/plots/curves";
import { imageGrid } from "../../lib/plots/image-grid";
import { latentScatter } from "../../lib/plots/latent-scatter";
import type { MetricsFile } from "../../report/metrics";
import type { Cell, CodeCell, Notebook, Output } from "../../report/notebook";

/** What a cell of an injected script prints; a report that runs it would show a dialog. */
export const HOSTILE = `<script>alert("stdout script")</script><img src=x onerror="alert('stdout img')">`;

/** Text a test looks for: the answer, the captions, an axis title only a vector figure keeps as text. */
export const SAMPLE = {
  answer: "The test loss is 101.5 nats, 61.69 nats below the dense VAE",
  captions: ["Figure 1. Loss per epoch", "Figure 2. Posterior means of the test codes", "Figure 3. Digits among the samples", "Figure 4. Test images and their reconstructions", "Table 1. Test losses of both models"],
  axisTitle: "fraction of samples",
  figures: 4,
  tables: 1,
};

/** A seeded generator of uniform numbers in [0, 1) (an LCG; enough for test pictures). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const result = (n: number, data: MimeBundle): Output => ({ output_type: "execute_result", execution_count: n, data, metadata: {} });
const shown = (data: MimeBundle): Output => ({ output_type: "display_data", data, metadata: {} });
const md = (source: string, tags?: string[]): Cell => ({ cell_type: "markdown", source, metadata: tags ? { tags } : {} });
let count = 0;
const code = (source: string, outputs: Output[], o: { tags?: string[]; ran?: boolean } = {}): CodeCell => ({
  cell_type: "code", source, metadata: o.tags ? { tags: o.tags } : {}, execution_count: o.ran === false ? null : ++count, outputs,
});

function figures(): MimeBundle[] {
  const rand = uniform(7);
  const epochs = [1, 2, 3].map((epoch) => ({ epoch, step: epoch * 10, seconds: epoch, trainSeconds: epoch, train: { reconstruction: 150 / epoch, kl: 5 + epoch, total: 155 / epoch + epoch }, test: { reconstruction: 160 / epoch, kl: 6 + epoch, total: 166 / epoch + epoch } }));
  const labels = Array.from({ length: 300 }, (_, i) => i % 10);
  const codes = labels.flatMap((d) => [d - 4.5 + rand() * 2, Math.sin(d) * 3 + rand() * 2]);
  const images = (n: number, shift: number) => ({ data: Array.from({ length: n * 8 * 8 }, (_, i) => ((i % 8) + Math.floor(i / 8) + shift) % 5 === 0 ? 1 : rand() * 0.2), shape: [n, 8, 8, 1] as [number, number, number, number] });
  return [
    figureBundle(trainingCurves(epochs, { title: "Loss per epoch, nats per image" })),
    figureBundle(latentScatter({ codes, labels }, { title: "Posterior means of the test codes" })),
    figureBundle(classHistogram([{ name: "N(0, I)", values: [9, 12, 8, 11, 10, 7, 13, 10, 9, 11] }], { title: "Digits among the samples" })),
    figureBundle(imageGrid([{ label: "original", images: images(6, 0) }, { label: "reconstruction", images: images(6, 1) }], { title: "Test images and their reconstructions", scale: 4 })),
  ];
}

/**
 * Two executed notebooks as the build writes them, with real bundles from the lib: one that ran
 * (math, parameters, a lib note on stderr, progress, four figures, a table, records, an answer, a
 * cell printing {@link HOSTILE}, foreign HTML with scripts) and one that failed (the runner's banner,
 * an error, a cell not run); and their metrics.json.
 */
export function sampleReport(): { notebooks: Notebook[]; metrics: MetricsFile } {
  count = 0;
  const [curves, scatter, histogram, grid] = figures();
  const table = dataFrameBundle(pl.DataFrame({ model: ["dense VAE", "conv VAE"], total: [163.21, 101.52], kl: [5.12, 24.9] }), { caption: "Test losses of both models" });
  const said = answer`The test loss is ${q(101.52, "nats")}, ${q(61.69, "nats")} below the dense VAE ($\\Delta \\mathcal{L} > 0$).`;
  const ok: Cell[] = [
    md("# A VAE on MNIST\n\nWe maximise the evidence lower bound\n$$\n\\mathcal{L}(x) = \\mathbb{E}_{q(z \\mid x)}[\\log p(x \\mid z)] - \\mathrm{KL}(q(z \\mid x) \\,\\|\\, p(z))\n$$\nwith $z \\in \\mathbb{R}^2$."),
    code("const epochs = 3;", [], { tags: ["parameters"] }),
    code("const epochs: number = 2;", [], { tags: ["injected-parameters"] }),
    code("lab.describeBackend(await lab.initBackend())", [{ output_type: "stream", name: "stderr", text: "vae-lab: backend wasm (skipped tensorflow-gpu: no CUDA device)\n" }, result(count + 1, { "text/plain": "'wasm (tfjs 4.22.0, SIMD, 1 thread)'" })]),
    md("## Training\n\nThe losses per epoch, train and test."),
    code("const run = await lab.trainOrLoad({...});", [shown({ [PROGRESS_MIME]: { text: "dense VAE: 2 epochs in 3s, train total 101.52 nats per image", done: true, losses: [3, 2, 1] }, "text/html": "<div>progress</div>", "text/plain": "dense VAE: 2 epochs" })]),
    code("lab.trainingCurves(run.history)", [result(count + 1, curves)]),
    md("## Latent space"),
    code("lab.latentScatter(codes)", [result(count + 1, scatter)]),
    code("lab.classHistogram(samples)", [result(count + 1, histogram)]),
    code("lab.imageGrid(rows)", [result(count + 1, grid)]),
    md("## Scores"),
    code("lab.metricsFrame(rows)", [result(count + 1, table)]),
    code(`lab.record("vae.testLoss", 101.52);\nlab.record("digits", [7, 2, 1]);`, [shown({ [RECORD_MIME]: { name: "vae.testLoss", value: 101.52 } }), shown({ [RECORD_MIME]: { name: "digits", value: [7, 2, 1] } })]),
    code("lab.answer`...`", [result(count + 1, (said as unknown as { [k: symbol]: () => MimeBundle })[Symbol.for("Jupyter.display")]())]),
    md("## Hostile output"),
    code(`console.log(${JSON.stringify(HOSTILE)})`, [{ output_type: "stream", name: "stdout", text: `${HOSTILE}\n` }]),
    code("display.html(...)", [shown({ "text/html": `<p>foreign <b>HTML</b></p><script>alert("frame script")</script><img src="x" onerror="alert('frame img')">`, "text/plain": "foreign" })]),
  ];
  count = 0;
  const failed: Cell[] = [
    md("**This notebook stopped at cell 3.** Error: the checkpoint is missing", ["vae-lab-error-banner"]),
    md("# A notebook that fails\n\nIt stops at its third cell."),
    code("const a = 1;", []),
    code("console.log(a)", [{ output_type: "stream", name: "stdout", text: "1\n" }]),
    code(`throw new Error("the checkpoint is missing")`, [{ output_type: "error", ename: "Error", evalue: "the checkpoint is missing", traceback: ["Error: the checkpoint is missing", "    at cell 3:7"] }], { tags: ["vae-lab-error"] }),
    code("lab.show(never)", [], { ran: false }),
  ];
  const run = (name: string, status: "ok" | "failed", started: string, ended: string, seconds: number) => ({
    name, source: `notebooks/${name}.ipynb`, profile: "smoke", parameters: { epochs: 2 }, overrides: { epochs: 2 }, cacheKey: "k", status, started, ended, seconds,
  });
  const notebook = (name: string, cells: Cell[], status: "ok" | "failed", t: [string, string, number]): Notebook => ({
    nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "vae-lab", display_name: "TypeScript (VAE Lab)" }, vae_lab: run(name, status, ...t) }, cells,
  });
  const t1: [string, string, number] = ["2026-11-30T09:00:01.000Z", "2026-11-30T09:01:13.500Z", 72.5];
  const t2: [string, string, number] = ["2026-11-30T09:00:01.200Z", "2026-11-30T09:00:04.200Z", 3];
  const kernel = { backend: "wasm (tfjs 4.22.0, SIMD, 1 thread) + OpenBLAS 0.3.21", backendName: "wasm", blas: "OpenBLAS 0.3.21 (Zen, pthreads, 1 thread)", tfjs: "4.22.0", seeds: [1], checkpoints: [] };
  const metrics: MetricsFile = {
    provenance: {
      commit: "0123456789abcdef0123456789abcdef01234567", dirty: true, profile: "smoke", parameters: { "01:epochs": 2 },
      backend: { requested: "auto", description: kernel.backend, name: "wasm", blas: kernel.blas, tfjs: "4.22.0" },
      seeds: { "01-vae": [1], "02-fails": [] }, cpu: { model: "AMD EPYC 7B13", cores: 2 }, gpu: null, node: "v20.20.2",
      packages: { "vae-lab": "0.1.0", "@tensorflow/tfjs-core": "4.22.0", tslab: "1.0.22", katex: "0.16.22" },
      started: "2026-11-30T09:00:00.000Z", ended: "2026-11-30T09:01:14.000Z", seconds: 74,
      notebooks: { "01-vae": { started: t1[0], ended: t1[1], seconds: t1[2], cached: false, cells: [] }, "02-fails": { started: t2[0], ended: t2[1], seconds: t2[2], cached: true, cells: [] } },
    },
    notebooks: {
      "01-vae": { parameters: { epochs: 2 }, metrics: { "vae.testLoss": 101.52, digits: [7, 2, 1], conv: { test: { total: 163.1234567 }, pairs: [{ from: 3 }] } }, seconds: t1[2], cached: false, status: "ok", kernel },
      "02-fails": { parameters: { epochs: 2 }, metrics: {}, seconds: t2[2], cached: true, status: "failed", kernel: null },
    },
  };
  return { notebooks: [notebook("01-vae", ok, "ok", t1), notebook("02-fails", failed, "failed", t2)], metrics };
}
