import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { KernelClient } from "../../lib/kernel/client";
import { nextMessage, startKernel } from "../support/kernel";

let k: KernelClient;
before(async () => {
  k = await startKernel();
});
after(async () => {
  await k?.shutdown();
});

async function interrupted(code: string, how: "signal" | "request"): Promise<void> {
  const started = nextMessage(k, (m) => m.header.msg_type === "execute_input" && m.content.code === code);
  const id = k.send("shell", "execute_request", { code, stop_on_error: true });
  await started;
  await new Promise((r) => setTimeout(r, 300));
  const t0 = Date.now();
  if (how === "signal") k.process.kill("SIGINT");
  else assert.equal((await k.request("control", "interrupt_request", {}, 5000)).reply.content.status, "ok");
  const r = await k.wait(id, 10000);
  assert.equal(r.reply.content.status, "error");
  assert.equal(r.reply.content.ename, "Interrupted");
  assert.ok(Date.now() - t0 < 5000);
  const after = await k.execute("'next'");
  assert.equal(after.reply.content.status, "ok");
}

test("a busy loop is interrupted by SIGINT", () => interrupted("while (true) {}", "signal"));
test("a busy loop is interrupted by interrupt_request on control", () => interrupted("for (;;) {}", "request"));
test("a hung await is interrupted by SIGINT", () => interrupted("await new Promise(() => {})", "signal"));
test("a hung await is interrupted by interrupt_request", () => interrupted("await new Promise<void>(() => {});", "request"));

test("heartbeat and control answer while a cell blocks the main thread", async () => {
  const id = k.send("shell", "execute_request", { code: "const until = Date.now() + 1500; while (Date.now() < until) {}" });
  await new Promise((r) => setTimeout(r, 300));
  assert.ok((await k.ping(1000)) < 1000);
  const t0 = Date.now();
  const info = await k.request("control", "interrupt_request", {}, 5000);
  assert.equal(info.reply.header.msg_type, "interrupt_reply");
  assert.ok(Date.now() - t0 < 1000, `control answered after ${Date.now() - t0} ms`);
  await k.wait(id);
});

test("shutdown exits even when a cell left a setInterval running", async () => {
  const other = await startKernel();
  await other.execute("setInterval(() => {}, 1000);");
  const t0 = Date.now();
  assert.equal(await other.shutdown(10000), 0);
  assert.ok(Date.now() - t0 < 5000, `shutdown took ${Date.now() - t0} ms`);
});

test("shutdown with restart: true replies restart and exits for the manager to restart", async () => {
  const other = await startKernel();
  const exit = new Promise((r) => other.process.once("exit", r));
  const r = await other.request("shell", "shutdown_request", { restart: true });
  assert.deepEqual(r.reply.content, { status: "ok", restart: true });
  assert.equal(await exit, 0);
  other.close();
});
