import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { PYTHON, tempKernelSpec } from "../support/jupyter";
import { fixture } from "../support/kernel";
import { needs } from "../support/system";

const RUN = `
import sys, nbformat, nbclient
nb = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(nb, kernel_name="vae-lab", timeout=120, resources={"metadata": {"path": sys.argv[3]}}).execute()
nbformat.validate(nb)
nbformat.write(nb, sys.argv[2])
`;

/** nbformat stores multi-line strings as lists of lines; join them back. */
function joined(value: unknown): unknown {
  if (Array.isArray(value)) return value.every((v) => typeof v === "string") ? value.join("") : value.map(joined);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "traceback" ? v : joined(v)]));
  return value;
}

test("nbclient executes a notebook with the kernel: counts, execute_result bundles, a proper error", needs({ programs: [PYTHON], pythonModules: ["nbclient", "nbformat"] }), () => {
  const { env, cleanup } = tempKernelSpec();
  const out = mkdtempSync(join(tmpdir(), "vae-lab-nb-"));
  try {
    const saved = join(out, "kernel-smoke.ipynb");
    const r = spawnSync(PYTHON, ["-c", RUN, fixture("notebooks", "kernel-smoke.ipynb"), saved, fixture("notebooks")], { env, encoding: "utf8", timeout: 180000 });
    assert.equal(r.status, 0, r.stderr);
    const cells = (joined(JSON.parse(readFileSync(saved, "utf8")).cells) as any[]).filter((c: { cell_type: string }) => c.cell_type === "code");
    assert.deepEqual(cells.map((c: { execution_count: number }) => c.execution_count), [1, 2, 3, 4]);
    const [value, bundle, failing, after] = cells;
    assert.deepEqual(value.outputs, [{ output_type: "execute_result", execution_count: 1, data: { "text/plain": "[ 2, 4, 6 ]" }, metadata: {} }]);
    assert.deepEqual(bundle.outputs[0].data, { "text/plain": "table", "text/html": "<table><tr><td>1</td></tr></table>" });
    assert.equal(failing.outputs.length, 1);
    assert.equal(failing.outputs[0].output_type, "error");
    assert.equal(failing.outputs[0].ename, "TypeScriptError");
    assert.match(failing.outputs[0].evalue, /^2:7 - Type 'string' is not assignable to type 'number'/);
    assert.deepEqual(after.outputs.map((o: { output_type: string }) => o.output_type), ["display_data", "stream"]);
    assert.equal(after.outputs[1].text, "after the error: ü\n");
    assert.deepEqual(after.outputs[0].data, { "text/markdown": "**done**" });
  } finally {
    rmSync(out, { recursive: true, force: true });
    cleanup();
  }
});
