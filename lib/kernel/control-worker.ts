/**
 * Worker thread serving the heartbeat and control sockets, so both stay responsive while user
 * code blocks the main thread. An `interrupt_request` is answered here by raising SIGINT in the
 * process (which stops a busy loop run with `breakOnSigint`, or reaches the main thread's SIGINT
 * handler that interrupts a pending await); every other control message is passed to the main
 * thread, which posts the reply frames back.
 */
import { parentPort, workerData } from "node:worker_threads";
import { Reply, Router } from "zeromq";
import { endpoint, type ConnectionInfo } from "./connection";
import { Outbox } from "./outbox";
import { kernelLog } from "./output";
import { child, decode, encode } from "./wire";

/** Messages between the main thread and this worker. */
export type WorkerMessage =
  | { kind: "ready" }
  | { kind: "control"; frames: Uint8Array[] }
  | { kind: "send"; frames: Uint8Array[] }
  | { kind: "stop" };

const hb = new Reply();
const sock = new Router();

async function heartbeat(info: ConnectionInfo): Promise<void> {
  await hb.bind(endpoint(info, "hb"));
  for await (const frames of hb) await hb.send(frames);
}

async function control(info: ConnectionInfo, session: string): Promise<void> {
  await sock.bind(endpoint(info, "control"));
  const outbox = new Outbox(sock, "control");
  parentPort!.on("message", async (m: WorkerMessage) => {
    if (m.kind === "send") void outbox.send(m.frames.map((f) => Buffer.from(f)));
    if (m.kind !== "stop") return;
    await outbox.drain();
    await new Promise((r) => setTimeout(r, 50));
    hb.close();
    sock.close();
    process.exit(0);
  });
  parentPort!.postMessage({ kind: "ready" } satisfies WorkerMessage);
  for await (const frames of sock) {
    let msg;
    try {
      msg = decode(info.key, frames);
    } catch (e) {
      kernelLog(`control: dropped message: ${(e as Error).message}`);
      continue;
    }
    if (msg.header.msg_type === "interrupt_request") {
      process.kill(process.pid, "SIGINT");
      void outbox.send(encode(info.key, child(msg, "interrupt_reply", { status: "ok" }, session)));
      continue;
    }
    parentPort!.postMessage({ kind: "control", frames } satisfies WorkerMessage);
  }
}

const { info, session } = workerData as { info: ConnectionInfo; session: string };
heartbeat(info).catch((e) => kernelLog(`heartbeat stopped: ${e.message}`));
control(info, session).catch((e) => kernelLog(`control stopped: ${e.message}`));
