import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { PYTHON, tempKernelSpec } from "../support/jupyter";
import { needs } from "../support/system";
import { tempDir } from "../support/lab";

const ROOT = path.join(__dirname, "..", "..", "..");
const RUN = `
import sys, nbformat, nbclient
nb = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(nb, kernel_name="vae-lab", timeout=600, resources={"metadata": {"path": sys.argv[3]}}).execute()
nbformat.write(nb, sys.argv[2])
`;

const text = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

test("the quick-start notebook runs headless under nbclient in the smoke profile and shows its figures", needs({ programs: [PYTHON], pythonModules: ["nbclient", "nbformat"] }), () => {
  const source = JSON.parse(fs.readFileSync(path.join(ROOT, "notebooks", "00-quickstart.ipynb"), "utf8"));
  assert.ok(source.cells.every((c: { outputs?: unknown[] }) => !c.outputs || c.outputs.length === 0), "the committed notebook has no outputs");
  fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
  const work = fs.mkdtempSync(path.join(ROOT, ".tmp", "quickstart-"));
  const { env, cleanup } = tempKernelSpec();
  try {
    const input = path.join(work, "quickstart.ipynb");
    const output = path.join(work, "executed.ipynb");
    fs.writeFileSync(input, JSON.stringify(source));
    const r = spawnSync(PYTHON, ["-c", RUN, input, output, work], {
      env: { ...env, VAE_LAB_CHECKPOINTS: tempDir(), VAE_LAB_BACKEND: "wasm", VAE_LAB_PROFILE: "smoke" },
      encoding: "utf8",
      timeout: 600000,
    });
    assert.equal(r.status, 0, r.stderr.split("\n").slice(-15).join("\n"));
    assert.ok(fs.statSync(output).size < 5 * 2 ** 20, "the executed notebook is under 5 MB");
    const cells = JSON.parse(fs.readFileSync(output, "utf8")).cells.filter((c: { cell_type: string }) => c.cell_type === "code");
    assert.deepEqual(cells.map((c: { execution_count: number }) => c.execution_count), cells.map((_: unknown, i: number) => i + 1));
    const outputs = cells.flatMap((c: { outputs: { output_type: string; data?: Record<string, unknown> }[] }) => c.outputs);
    assert.equal(outputs.filter((o: { output_type: string }) => o.output_type === "error").length, 0);
    const figures = outputs.filter((o: { data?: Record<string, unknown> }) => o.data?.["application/vnd.plotly.v1+json"]);
    assert.equal(figures.length, 4, "curves, scatter, latent grid, reconstructions");
    assert.match(text(cells[1].outputs[0].data["text/plain"]), /^'wasm \(tfjs 4\.22\.0, SIMD/);
    const progress = cells[3].outputs.find((o: { output_type: string }) => o.output_type === "display_data");
    assert.match(text(progress.data["text/plain"]), /^dense-vae-2d: 1 epochs in \d+s, train total [\d.]+, test total [\d.]+ nats per image$/);
    const table = text(cells.at(-1).outputs[0].data["text/html"]);
    assert.match(table, /<th>logLikelihood<\/th>/);
    const lastRow = table.match(/<td>dense-vae-2d<\/td>(.*)<\/tr>/)![1];
    assert.ok((lastRow.match(/<td>-?[\d.]+<\/td>/g) ?? []).length >= 5, lastRow);
  } finally {
    cleanup();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
