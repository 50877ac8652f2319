import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import type { MetricsFile } from "../../../report/metrics";
import { joinSource, type CodeCell } from "../../../report/notebook";
import { build, executed, workspace, writeNotebooks } from "../../support/notebooks";

const GOOD = [
  { md: "# Good ✓" },
  { code: `import * as lab from "vae-lab";\nconst n = lab.byProfile({ smoke: 2, quick: 3, full: 4 });\nconst word = "héllo";`, tags: ["parameters"] },
  `console.log("unicode ✓ 日本", word, lab.profile());\nlab.display({ [Symbol.for("Jupyter.display")]: () => ({ "text/plain": "first" }) }, { displayId: "d" });`,
  `lab.updateDisplay("d", { [Symbol.for("Jupyter.display")]: () => ({ "text/plain": "second" }) });`,
  `lab.record("n", n);\nlab.record("n", n * 10);\nlab.record("cores", process.env.VAE_LAB_CORES ?? "unset");\nlab.record("word", word);`,
  "lab.answer`n is ${lab.q(n, \"units\")}`",
];
const code = (cells: unknown[]) => cells.filter((c): c is CodeCell => (c as CodeCell).cell_type === "code");

test("a build executes each notebook with injected parameters, collects records and provenance, then reuses the cache", async () => {
  const dir = workspace("build-ok");
  writeNotebooks(dir, { "01-good": GOOD, "02-plain": ["1 + 1"] });
  const r = await build(dir, { jobs: 2, set: ["01:word=set ✓"] });
  assert.ok(r.ok, r.failures.map((f) => f.message).join("\n"));
  assert.deepEqual(r.cached, []);
  const nb = executed(dir, "01-good");
  assert.equal(nb.nbformat_minor, 5);
  const cells = code(nb.cells);
  assert.deepEqual(cells.map((c) => c.execution_count), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(cells[1].metadata.tags, ["injected-parameters"]);
  const injected = joinSource(cells[1].source).split("\n");
  assert.equal(injected[0], "// Injected by npm run report: profile smoke, 1 value from --set.");
  assert.deepEqual(injected.slice(-2), [`const word: string = "set ✓";`, ""]);
  assert.deepEqual(cells[1].outputs, [], "the guard passes on the kernel the build started");
  assert.deepEqual(cells[2].outputs[0], { output_type: "stream", name: "stdout", text: "unicode ✓ 日本 set ✓ smoke\n" });
  assert.deepEqual(cells[2].outputs[1], { output_type: "display_data", data: { "text/plain": "second" }, metadata: {} }, "the later cell's update replaced the display");
  for (const c of cells) assert.deepEqual(Object.keys(c.metadata.execution ?? {}).sort(), ["iopub.execute_input", "iopub.status.busy", "iopub.status.idle", "shell.execute_reply"]);
  assert.equal(nb.metadata.vae_lab?.status, "ok");
  if (process.platform === "linux") assert.ok((nb.metadata.vae_lab?.peakMemoryMiB ?? 0) > 50, "the kernel's peak memory is recorded for the next build's schedule");
  const metrics = JSON.parse(fs.readFileSync(path.join(dir, "out", "metrics.json"), "utf8")) as MetricsFile;
  const cores = String(os.availableParallelism());
  assert.deepEqual(metrics.notebooks["01-good"].metrics, { n: 20, cores, word: "set ✓" });
  assert.deepEqual(metrics.notebooks["01-good"].parameters, { n: 2, word: "set ✓" });
  assert.match(r.log, /01-good\.ipynb: n was recorded 2 times; the last value wins/);
  const answer = cells[5].outputs[0] as { data: Record<string, unknown> };
  assert.equal(answer.data["text/markdown"], "n is 2 units");
  const p = metrics.provenance;
  assert.equal(p.profile, "smoke");
  assert.match(p.commit ?? "", /^[0-9a-f]{40}$/);
  assert.equal(typeof p.dirty, "boolean");
  assert.equal(p.packages.tslab, "1.0.22");
  assert.ok(p.cpu.cores >= 1 && p.cpu.model.length > 0);
  assert.equal(p.notebooks["01-good"].cells.length, 6);
  assert.equal(metrics.notebooks["02-plain"].kernel, null, "a notebook that never loads the lib has no kernel provenance");
  assert.deepEqual(metrics.notebooks["01-good"].kernel?.seeds, []);
  assert.match(r.log, /\[1\/2\] 01-good: done in \d+s \(6 code cells\)/);

  const again = await build(dir, { jobs: 2, set: ["01:word=set ✓"] });
  assert.deepEqual(again.cached, ["01-good", "02-plain"]);
  assert.deepEqual(executed(dir, "01-good"), nb, "the cached notebook is reused as it is");
  assert.match(again.log, /01-good: from the cache/);

  const other = await build(dir, { jobs: 2, set: ["01:word=other"] });
  assert.deepEqual(other.cached, ["02-plain"], "a changed parameter re-executes only its notebook");
  fs.appendFileSync(path.join(dir, "notebooks", "02-plain.ipynb"), " ");
  const src = JSON.parse(fs.readFileSync(path.join(dir, "notebooks", "02-plain.ipynb"), "utf8"));
  src.cells[0].source = "2 + 2";
  fs.writeFileSync(path.join(dir, "notebooks", "02-plain.ipynb"), JSON.stringify(src));
  const edited = await build(dir, { jobs: 2, set: ["01:word=other"] });
  assert.deepEqual(edited.cached, ["01-good"], "an edited source re-executes only its notebook");
  const forced = await build(dir, { jobs: 2, set: ["01:word=other"], cache: false });
  assert.deepEqual(forced.cached, [], "--no-cache re-executes everything");
});

test("a failing cell stops its notebook, the others still run, and the last good output is untouched", async () => {
  const dir = workspace("build-fail");
  writeNotebooks(dir, {
    "a-type": ["const x: number = \"s\";", "1"],
    "b-throw": ["console.error(\"before <b>\");\n1", "console.error(\"on stderr\");\nthrow new Error(\"boom ✗\\nsecond line\");", "console.log(\"never\")"],
    "c-ok": ["40 + 2"],
  });
  fs.mkdirSync(path.join(dir, "out"));
  fs.writeFileSync(path.join(dir, "out", "last-good.txt"), "kept");
  const r = await build(dir, { jobs: 2 });
  assert.equal(r.ok, false);
  assert.deepEqual(fs.readdirSync(path.join(dir, "out")), ["last-good.txt"], "the last good output is untouched");
  assert.equal(r.dir, path.join(dir, "out.failed"));
  const messages = r.failures.map((f) => f.message).sort();
  assert.equal(messages.length, 2);
  assert.match(messages[0], /a-type\.ipynb, cell 1 \(In \[2\]\): TypeScriptError: 1:7 - Type 'string' is not assignable to type 'number'\.$/);
  assert.match(messages[1], /b-throw\.ipynb, cell 2 \(In \[3\]\): Error: boom ✗$/);
  const details = r.failures.find((f) => f.message.includes("b-throw"))!.details;
  assert.match(details, /--- source of cell 2 ---\nconsole\.error\("on stderr"\);\nthrow new Error/);
  assert.match(details, /--- its stderr ---\non stderr/);
  const partial = executed(dir, "b-throw", "out.failed");
  assert.deepEqual(partial.cells[0].metadata.tags, ["vae-lab-error-banner"]);
  assert.match(joinSource(partial.cells[0].source), /stopped at cell 2/);
  const cells = code(partial.cells);
  assert.deepEqual(cells.map((c) => c.execution_count), [1, 2, 3, null]);
  assert.ok(cells[2].metadata.tags?.includes("vae-lab-error"));
  assert.equal(cells[2].outputs.at(-1)?.output_type, "error");
  assert.deepEqual(cells[3].outputs, []);
  assert.equal(partial.metadata.vae_lab?.status, "failed");
  assert.equal(code(executed(dir, "c-ok", "out.failed").cells)[1].outputs.length, 1, "the other notebook ran");
  const fixed = await build(dir, { only: ["c"] });
  assert.ok(fixed.ok);
  assert.deepEqual(fixed.cached, ["c-ok"], "a failed build still caches the notebooks that ran");
  assert.ok(!fs.existsSync(path.join(dir, "out.failed")), "a good build removes the failed output");
});

test("a cell past its timeout is interrupted and its kernel killed; a kernel that exits is reported dead", async () => {
  const dir = workspace("build-faults");
  writeNotebooks(dir, {
    hang: ["1", "while (true) {}", "2"],
    exits: ["1", "process.kill(process.pid, \"SIGKILL\")", "2"],
  });
  const r = await build(dir, { jobs: 2, cellTimeout: 2 });
  const byName = Object.fromEntries(r.failures.map((f) => [f.notebook.metadata.vae_lab?.name, f]));
  assert.match(byName.hang.message, /hang\.ipynb, cell 2 \(In \[3\]\): timed out after 2 s; interrupted, then its kernel was killed$/);
  assert.equal(byName.hang.kind, "timeout");
  assert.match(byName.exits.message, /exits\.ipynb, cell 2 \(In \[3\]\): the kernel died \(killed by SIGKILL\) while the cell ran$/);
  assert.equal(byName.exits.kind, "dead-kernel");
  assert.ok(fs.existsSync(path.join(dir, "out.failed", "notebooks", "hang.ipynb")));
});

test("two builds into one output folder: the second waits for the first, and a dead owner's lock is taken over", async () => {
  const dir = workspace("build-lock");
  writeNotebooks(dir, { one: ["1"] });
  const [a, b] = await Promise.all([build(dir, { cache: false }), new Promise((r) => setTimeout(r, 300)).then(() => build(dir, { cache: false }))]);
  assert.ok(a.ok && b.ok);
  assert.match(b.log, /another build \(process \d+, since .*\) is writing the same output; waiting for it to finish/);
  assert.ok(fs.existsSync(path.join(dir, "out", "notebooks", "one.ipynb")));
  assert.ok(!fs.existsSync(path.join(dir, "out.lock")));
  fs.writeFileSync(path.join(dir, "out.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, started: "then" }));
  const c = await build(dir);
  assert.ok(c.ok);
  assert.match(c.log, /taking over .*out\.lock: its owner, process 4206649, is gone/);
  const nested = path.join(dir, "not", "yet", "out");
  assert.ok((await build(dir, { out: nested })).ok, "an output folder whose parent does not exist yet");
  assert.ok(fs.existsSync(path.join(nested, "notebooks", "one.ipynb")));
});
