import * as fs from "node:fs";
import * as path from "node:path";
import { after } from "node:test";
import { buildReport, type BuildOptions, type BuildResult } from "../../report/build";
import type { MetricsFile } from "../../report/metrics";
import type { Cell, Notebook } from "../../report/notebook";
import { ROOT } from "./kernel";

/** A cell for {@link notebookOf}: code as a plain string, or markdown, or code with tags. */
export type CellSpec = string | { md: string } | { code: string; tags?: string[] };

/** A source notebook (nbformat 4.5, VAE Lab's kernelspec, no outputs) from cell specs. */
export function notebookOf(cells: CellSpec[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "vae-lab", display_name: "TypeScript (VAE Lab)", language: "typescript" }, language_info: { name: "typescript" } },
    cells: cells.map((c, i): Cell => {
      const id = `c${i}`;
      if (typeof c !== "string" && "md" in c) return { cell_type: "markdown", id, source: c.md, metadata: {} };
      const code = typeof c === "string" ? c : c.code;
      const tags = typeof c === "string" ? undefined : c.tags;
      return { cell_type: "code", id, source: code, metadata: tags ? { tags } : {}, execution_count: null, outputs: [] };
    }),
  };
}

/**
 * A fresh folder inside the checkout (under .tmp/, so notebooks there resolve `vae-lab`), removed
 * after the test file.
 */
export function workspace(prefix: string): string {
  fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, ".tmp", `${prefix}-`));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `notebooks/<name>.ipynb` under `dir` for each entry. */
export function writeNotebooks(dir: string, notebooks: Record<string, CellSpec[]>): string {
  const folder = path.join(dir, "notebooks");
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, cells] of Object.entries(notebooks)) fs.writeFileSync(path.join(folder, `${name}.ipynb`), JSON.stringify(notebookOf(cells), null, 1));
  return folder;
}

/** A write stream stand-in that keeps what was written (not a terminal). */
export function captureStream(): NodeJS.WriteStream & { text: () => string } {
  let text = "";
  return { isTTY: false, write: (s: string) => ((text += s), true), text: () => text } as never;
}

/** Runs the build on `dir`'s notebooks into `dir/out` with its own cache, without rendering. */
export async function build(dir: string, o: Partial<BuildOptions> = {}): Promise<BuildResult & { log: string }> {
  const stream = captureStream();
  const r = await buildReport({ root: ROOT, notebooks: path.join(dir, "notebooks"), out: path.join(dir, "out"), cacheDir: path.join(dir, "cache"), profile: "smoke", stream, ...o });
  return { ...r, log: stream.text() };
}

/** Reads an executed notebook of a build. */
export function executed(dir: string, name: string, folder = "out"): Notebook {
  return JSON.parse(fs.readFileSync(path.join(dir, folder, "notebooks", `${name}.ipynb`), "utf8")) as Notebook;
}

/** Reads the metrics.json of a report folder. */
export function metricsOf(dir: string): MetricsFile {
  return JSON.parse(fs.readFileSync(path.join(dir, "metrics.json"), "utf8")) as MetricsFile;
}

/**
 * A notebook that trains a tiny dense VAE through train-or-load (200 MNIST images, one epoch: seconds on
 * wasm) and records its test loss.
 */
export const TRAINS: CellSpec[] = [
  { code: `import * as lab from "vae-lab";\nconst seed = 4;`, tags: ["parameters"] },
  `await lab.initBackend({ backend: "wasm", quiet: true });\nconst data = lab.loadData("mnist", { trainSize: 200, testSize: 100 });`,
  `const run = await lab.trainOrLoad({ model: lab.preset("dense-vae-2d").model, train: { epochs: 1, batchSize: 100, learningRate: 1e-3, seed }, data });`,
  `lab.record("test", await lab.evaluate(run.model, data.test));`,
];

/** Runs `fn` with `VAE_LAB_CHECKPOINTS` (inherited by the kernels) at `dir`, so no test trains into data/checkpoints. */
export function withCheckpoints<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const previous = process.env.VAE_LAB_CHECKPOINTS;
  process.env.VAE_LAB_CHECKPOINTS = dir;
  return fn().finally(() => {
    if (previous === undefined) delete process.env.VAE_LAB_CHECKPOINTS;
    else process.env.VAE_LAB_CHECKPOINTS = previous;
  });
}
