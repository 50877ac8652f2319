import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { KernelClient } from "../../lib/kernel/client";
import { encode, newHeader } from "../../lib/kernel/wire";
import { sendRawShell, startKernel } from "../support/kernel";

let k: KernelClient;
before(async () => {
  k = await startKernel();
});
after(async () => {
  await k?.shutdown();
});

test("kernel_info reports status, protocol 5.3 and the TypeScript version tslab compiles with", async () => {
  const { reply } = await k.request("shell", "kernel_info_request");
  const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [require.resolve("tslab")] }));
  assert.equal(reply.header.msg_type, "kernel_info_reply");
  assert.equal(reply.content.status, "ok");
  assert.equal(reply.content.protocol_version, "5.3");
  assert.equal(reply.content.language_info.name, "typescript");
  assert.equal(reply.content.language_info.version, ts.version);
  assert.match(reply.content.banner, /TypeScript/);
  assert.ok(reply.content.help_links.length > 0);
});

test("kernel_info and comm_info on control are answered with the right reply types", async () => {
  const info = await k.request("control", "kernel_info_request");
  assert.equal(info.reply.header.msg_type, "kernel_info_reply");
  const comm = await k.request("shell", "comm_info_request", { target_name: "jupyter.widget" });
  assert.equal(comm.reply.header.msg_type, "comm_info_reply");
  assert.deepEqual(comm.reply.content, { status: "ok", comms: {} });
});

test("a message with a bad signature is dropped and logged; the kernel keeps working", async () => {
  const msg = { idents: [], header: newHeader("execute_request", "forger"), parent_header: {}, metadata: {}, content: { code: "process.exit(3)" }, buffers: [] };
  const frames = encode("not-the-key", msg);
  await sendRawShell(k, frames, [Buffer.from("garbage")]);
  const r = await k.execute("'still alive'");
  assert.equal(r.reply.content.status, "ok");
  // Sent on a socket of their own, the two may be read after the execute request: wait for the later one.
  for (let i = 0; i < 50 && !/no <IDS\|MSG> delimiter/.test(k.stderr); i++) await new Promise((res) => setTimeout(res, 20));
  assert.match(k.stderr, /shell: dropped message: bad signature/);
  assert.match(k.stderr, /no <IDS\|MSG> delimiter/);
  assert.equal(k.process.exitCode, null);
});

test("is_complete over the wire: complete, incomplete with indent, invalid", async () => {
  const ask = async (code: string) => (await k.request("shell", "is_complete_request", { code })).reply.content;
  assert.deepEqual(await ask("let a = 1"), { status: "complete" });
  assert.deepEqual(await ask("for (const x of xs) {"), { status: "incomplete", indent: "  " });
  assert.deepEqual(await ask("a = ]"), { status: "invalid" });
});

test("complete and inspect use TypeScript's language service, cursor in code points", async () => {
  await k.execute("const learningRate = 0.001;");
  const code = "const ü = 1; learningR";
  const c = await k.request("shell", "complete_request", { code, cursor_pos: [...code].length });
  assert.ok(c.reply.content.matches.includes("learningRate"));
  assert.deepEqual([c.reply.content.cursor_start, c.reply.content.cursor_end], [13, 22]);
  const i = await k.request("shell", "inspect_request", { code: "learningRate", cursor_pos: 3, detail_level: 0 });
  assert.equal(i.reply.content.found, true);
  assert.match(i.reply.content.data["text/plain"], /learningRate: 0\.001/);
});

test("history of this session: tail and range", async () => {
  const a = await k.execute("'h1'");
  await k.execute("'h2'");
  const tail = await k.request("shell", "history_request", { hist_access_type: "tail", n: 2, output: true, raw: true });
  assert.deepEqual(tail.reply.content.history.map((h: unknown[]) => h[2]), [["'h1'", "'h1'"], ["'h2'", "'h2'"]]);
  const start = a.reply.content.execution_count;
  const range = await k.request("shell", "history_request", { hist_access_type: "range", session: 0, start, stop: start + 1, output: false, raw: true });
  assert.deepEqual(range.reply.content.history, [[1, start, "'h1'"]]);
});

test("cells import the compiled lib as the package vae-lab", async () => {
  const r = await k.execute(`import * as lab from "vae-lab";\ntypeof lab.toMimeBundle`);
  assert.equal(r.reply.content.status, "ok");
  assert.equal(r.iopub.find((m) => m.header.msg_type === "execute_result")!.content.data["text/plain"], "'function'");
});
