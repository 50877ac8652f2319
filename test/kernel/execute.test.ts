import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { KernelClient } from "../../lib/kernel/client";
import { nextMessage, ofType, startKernel } from "../support/kernel";

let k: KernelClient;
before(async () => {
  k = await startKernel();
});
after(async () => {
  await k?.shutdown();
});

test("a failing cell answered with ename, evalue, traceback; the next cell sent at once still runs", async () => {
  const bad = await k.execute("const a = 1;\nconst b: number = 'x';");
  assert.equal(bad.reply.content.status, "error");
  assert.equal(bad.reply.content.ename, "TypeScriptError");
  assert.match(bad.reply.content.evalue, /^2:7 - Type 'string' is not assignable to type 'number'/);
  const [err] = ofType(bad.iopub, "error");
  assert.deepEqual([err.content.ename, err.content.evalue], [bad.reply.content.ename, bad.reply.content.evalue]);
  assert.ok(err.content.traceback.length > 0);
  const good = await k.execute("40 + 2");
  assert.equal(good.reply.content.status, "ok");
  assert.equal(ofType(good.iopub, "execute_result")[0].content.data["text/plain"], "42");
});

test("runtime errors keep the thrown error's name and message", async () => {
  const r = await k.execute("throw new RangeError('out of range: 7')");
  assert.deepEqual([r.reply.content.ename, r.reply.content.evalue], ["RangeError", "out of range: 7"]);
  assert.ok(r.reply.content.traceback.some((l: string) => l.includes("RangeError: out of range: 7")));
});

test("stop_on_error: queued cells are aborted when true, run when false", async () => {
  const failing = k.send("shell", "execute_request", { code: "throw new Error('first')", stop_on_error: true });
  const queued = k.send("shell", "execute_request", { code: "'queued'", stop_on_error: true });
  assert.equal((await k.wait(failing)).reply.content.status, "error");
  assert.equal((await k.wait(queued)).reply.content.status, "aborted");
  const lenient = k.send("shell", "execute_request", { code: "throw new Error('second')", stop_on_error: false });
  const next = k.send("shell", "execute_request", { code: "'runs'" });
  assert.equal((await k.wait(lenient)).reply.content.status, "error");
  const ran = await k.wait(next);
  assert.equal(ran.reply.content.status, "ok");
  assert.equal(ofType(ran.iopub, "execute_result")[0].content.data["text/plain"], "'runs'");
});

test("execution_count counts stored cells; execute_input carries it; silent cells publish nothing", async () => {
  const a = await k.execute("1");
  const b = await k.execute("2");
  assert.equal(b.reply.content.execution_count, a.reply.content.execution_count + 1);
  assert.equal(ofType(b.iopub, "execute_input")[0].content.execution_count, b.reply.content.execution_count);
  assert.equal(ofType(b.iopub, "execute_result")[0].content.execution_count, b.reply.content.execution_count);
  const s = await k.execute("3", { silent: true });
  assert.equal(s.reply.content.execution_count, b.reply.content.execution_count);
  assert.deepEqual(s.iopub, []);
});

test("a value with a Jupyter.display method is the execute_result bundle (a figure)", async () => {
  const r = await k.execute(`({
  [Symbol.for("Jupyter.display")]() {
    return { "text/plain": "Figure(1 trace)", "text/html": "<div>plot</div>",
             "application/vnd.plotly.v1+json": { data: [{ x: [1, 2], y: [3, 4] }], layout: {} } };
  },
})`);
  const [res] = ofType(r.iopub, "execute_result");
  assert.deepEqual(res.content.data, {
    "text/plain": "Figure(1 trace)",
    "text/html": "<div>plot</div>",
    "application/vnd.plotly.v1+json": { data: [{ x: [1, 2], y: [3, 4] }], layout: {} },
  });
});

test("a display updated from a later cell: the lib's display ids and tslab's newDisplay", async () => {
  const first = await k.execute(`import * as lab from "vae-lab";
lab.display({ [lab.JUPYTER_DISPLAY]: () => ({ "text/plain": "epoch 1" }) }, { displayId: "progress" })`);
  const [shown] = ofType(first.iopub, "display_data");
  assert.deepEqual([shown.content.data, shown.content.transient], [{ "text/plain": "epoch 1" }, { display_id: "progress" }]);
  const later = await k.execute(`lab.updateDisplay("progress", "epoch 2")`);
  const [upd] = ofType(later.iopub, "update_display_data");
  assert.deepEqual([upd.content.data, upd.content.transient], [{ "text/plain": "'epoch 2'" }, { display_id: "progress" }]);
  const t1 = await k.execute(`import * as tslab from "tslab";\nconst d = tslab.newDisplay();\nd.html("<p>a</p>")`);
  const t2 = await k.execute(`d.html("<p>b</p>")`);
  const id = ofType(t1.iopub, "display_data")[0].content.transient.display_id;
  assert.ok(id);
  assert.deepEqual(ofType(t2.iopub, "update_display_data")[0].content, { data: { "text/html": "<p>b</p>" }, metadata: {}, transient: { display_id: id } });
});

test("clear_output from the lib reaches iopub", async () => {
  const r = await k.execute(`import * as lab from "vae-lab";\nlab.clearOutput(true)`);
  assert.deepEqual(ofType(r.iopub, "clear_output")[0].content, { wait: true });
});

test("unicode survives stdout, stderr, values and split UTF-8 writes", async () => {
  const r = await k.execute(`console.log("naïve ☃ 😀 中文");
console.error("ошибка");
process.stdout.write(Buffer.from([0xf0, 0x9f]));
process.stdout.write(Buffer.from([0x98, 0x80, 0x0a]));
"λ → ∞"`);
  const out = ofType(r.iopub, "stream").filter((m) => m.content.name === "stdout").map((m) => m.content.text).join("");
  const err = ofType(r.iopub, "stream").filter((m) => m.content.name === "stderr").map((m) => m.content.text).join("");
  assert.equal(out, "naïve ☃ 😀 中文\n😀\n");
  assert.equal(err, "ошибка\n");
  assert.equal(ofType(r.iopub, "execute_result")[0].content.data["text/plain"], "'λ → ∞'");
});

test("output printed by a timer after its cell ended reaches iopub", async () => {
  const lateMessage = nextMessage(k, (m) => m.header.msg_type === "stream" && m.content.text === "late\n");
  const r = await k.execute(`setTimeout(() => console.log("late"), 50); 0`);
  const late = await lateMessage;
  assert.equal((late.parent_header as { msg_id: string }).msg_id, (r.reply.parent_header as { msg_id: string }).msg_id);
});

test("user_expressions are evaluated after a successful cell", async () => {
  const r = await k.request("shell", "execute_request", { code: "const lr = 0.5;", user_expressions: { double: "lr * 2", bad: "lr.nope()" } });
  assert.deepEqual(r.reply.content.user_expressions.double, { status: "ok", data: { "text/plain": "1" }, metadata: {} });
  assert.equal(r.reply.content.user_expressions.bad.status, "error");
  assert.match(r.reply.content.user_expressions.bad.evalue, /Property 'nope' does not exist/);
});

test("a shorthand property can name a variable declared in an earlier cell", async () => {
  await k.execute("const trainSize = 1000;\nconst epochs = 2;");
  const r = await k.execute("const opts = { trainSize, epochs, seed: 1 };\nJSON.stringify({ ...opts, trainSize })");
  assert.equal(r.reply.content.status, "ok", r.reply.content.evalue);
  assert.equal(ofType(r.iopub, "execute_result")[0].content.data["text/plain"], `'{"trainSize":1000,"epochs":2,"seed":1}'`);
});
