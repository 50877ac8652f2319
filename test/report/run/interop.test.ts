import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { collectRecords } from "../../../report/run/collect";
import { PYTHON, tempKernelSpec } from "../../support/jupyter";
import { build, executed, workspace, writeNotebooks } from "../../support/notebooks";
import { needs } from "../../support/system";

const NOTEBOOK = [
  { md: "# Interop ✓" },
  { code: `import * as lab from "vae-lab";\nconst k = lab.byProfile({ smoke: 3, quick: 4, full: 5 });`, tags: ["parameters"] },
  `lab.record("sum", k + 0.5);\nlab.record("text", "ünïcode");\nconsole.log("hello");`,
  "lab.answer`k is ${k}`",
];

test("executed notebooks validate with Jupyter's nbformat, and nbconvert --execute on our kernel records the same values", needs({ programs: [PYTHON, "jupyter-nbconvert"], pythonModules: ["nbformat", "nbconvert"] }), async () => {
  const dir = workspace("interop");
  writeNotebooks(dir, { interop: NOTEBOOK, broken: ["1", "throw new Error('x')", "2"] });
  const r = await build(dir, { jobs: 2 });
  assert.equal(r.ok, false, "broken fails");
  for (const file of [path.join(dir, "out.failed", "notebooks", "interop.ipynb"), path.join(dir, "out.failed", "notebooks", "broken.ipynb")]) {
    const v = spawnSync(PYTHON, ["-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')", file], { encoding: "utf8" });
    assert.equal(v.stdout.trim(), "valid", `${file}: ${v.stderr.split("\n").slice(-5).join("\n")}`);
  }
  const ours = collectRecords(executed(dir, "interop", "out.failed"), "interop", () => {});
  const { env, cleanup } = tempKernelSpec();
  try {
    const src = path.join(dir, "notebooks", "interop.ipynb");
    const c = spawnSync("jupyter-nbconvert", ["--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=vae-lab", "--output-dir", dir, "--output", "nbconvert.ipynb", src], { env: { ...env, VAE_LAB_PROFILE: "smoke" }, encoding: "utf8", timeout: 120000 });
    assert.equal(c.status, 0, c.stderr.split("\n").slice(-10).join("\n"));
    const theirs = JSON.parse(fs.readFileSync(path.join(dir, "nbconvert.ipynb"), "utf8"));
    assert.deepEqual(collectRecords(theirs, "nbconvert", () => {}), ours);
    assert.deepEqual(ours, { sum: 3.5, text: "ünïcode" });
  } finally {
    cleanup();
  }
});
