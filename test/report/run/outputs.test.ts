import assert from "node:assert/strict";
import { test } from "node:test";
import type { Message } from "../../../lib/kernel/wire";
import type { CodeCell } from "../../../report/notebook";
import { OutputCollector } from "../../../report/run/outputs";

const msg = (msg_type: string, content: Record<string, unknown>) => ({ header: { msg_type }, content }) as unknown as Message;
const cell = (): CodeCell => ({ cell_type: "code", source: "", metadata: {}, execution_count: null, outputs: [] });

test("stream text of one name merges; clear_output with wait clears at the next output", () => {
  const c = new OutputCollector();
  const a = cell();
  c.begin(a);
  c.handle(msg("execute_input", { execution_count: 4 }));
  c.handle(msg("stream", { name: "stdout", text: "a" }));
  c.handle(msg("stream", { name: "stdout", text: "b\n" }));
  c.handle(msg("stream", { name: "stderr", text: "e" }));
  c.handle(msg("stream", { name: "stdout", text: "c" }));
  assert.equal(a.execution_count, 4);
  assert.deepEqual(a.outputs.map((o) => (o as { text: string }).text), ["ab\n", "e", "c"]);
  c.handle(msg("clear_output", { wait: true }));
  assert.equal(a.outputs.length, 3, "wait: kept until the next output");
  c.handle(msg("execute_result", { execution_count: 4, data: { "text/plain": "1" }, metadata: {} }));
  assert.deepEqual(a.outputs, [{ output_type: "execute_result", execution_count: 4, data: { "text/plain": "1" }, metadata: {} }]);
  c.handle(msg("clear_output", { wait: false }));
  assert.deepEqual(a.outputs, []);
});

test("update_display_data replaces the output shown under its id, in an earlier cell too", () => {
  const c = new OutputCollector();
  const a = cell();
  const b = cell();
  c.begin(a);
  assert.equal(c.handle(msg("display_data", { data: { "text/plain": "epoch 1/2" }, metadata: {}, transient: { display_id: "p" } })), "epoch 1/2");
  c.begin(b);
  assert.equal(c.handle(msg("update_display_data", { data: { "text/plain": "done" }, metadata: { x: 1 }, transient: { display_id: "p" } })), "done");
  c.handle(msg("error", { ename: "Error", evalue: "boom", traceback: ["Error: boom"] }));
  assert.deepEqual(a.outputs, [{ output_type: "display_data", data: { "text/plain": "done" }, metadata: { x: 1 } }]);
  assert.deepEqual(b.outputs, [{ output_type: "error", ename: "Error", evalue: "boom", traceback: ["Error: boom"] }]);
});
