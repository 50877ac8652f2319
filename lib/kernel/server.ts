import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { Publisher, Router } from "zeromq";
import { endpoint, type ConnectionInfo } from "./connection";
import type { WorkerMessage } from "./control-worker";
import { Outbox } from "./outbox";
import { kernelLog } from "./output";
import { child, decode, encode, type Message } from "./wire";

/** Answers one request; the returned object is the reply's content. */
export type Handler = (msg: Message, server: KernelServer) => Promise<Record<string, any>> | Record<string, any>;

/** Handlers by request type (`execute_request`, ...). The reply type is derived from the name. */
export type HandlerTable = Record<string, Handler>;

type Origin = "shell" | "control";

/**
 * The kernel's sockets and message loop. Shell requests run one at a time in arrival order;
 * control requests (from the control worker) run at once, even while a cell awaits. Every request
 * is bracketed by iopub `status` busy and idle.
 */
export class KernelServer {
  /** This kernel's session id, used in the header of every message it sends. */
  readonly session = randomUUID();
  private readonly shell = new Router();
  private readonly iopub = new Publisher();
  private readonly stdin = new Router();
  private readonly shellOut = new Outbox(this.shell, "shell");
  private readonly iopubOut = new Outbox(this.iopub, "iopub");
  private worker?: Worker;
  private readonly queue: Message[] = [];
  private running = false;

  constructor(private readonly info: ConnectionInfo, private readonly handlers: HandlerTable) {}

  /** Binds all channels, starts the control worker and serves until `stop`. */
  async start(): Promise<void> {
    await this.shell.bind(endpoint(this.info, "shell"));
    await this.iopub.bind(endpoint(this.info, "iopub"));
    await this.stdin.bind(endpoint(this.info, "stdin"));
    await this.startWorker();
    this.publish(undefined, "status", { execution_state: "starting" });
    void this.receiveShell();
  }

  private startWorker(): Promise<void> {
    const worker = new Worker(join(__dirname, "control-worker.js"), {
      workerData: { info: this.info, session: this.session },
      stderr: true,
    });
    worker.stderr.on("data", (d: Buffer) => kernelLog(d.toString().trimEnd()));
    worker.unref();
    this.worker = worker;
    return new Promise((resolve, reject) => {
      worker.once("error", reject);
      worker.on("message", (m: WorkerMessage) => {
        if (m.kind === "ready") resolve();
        if (m.kind === "control") this.accept(m.frames.map((f) => Buffer.from(f)), "control");
      });
    });
  }

  private async receiveShell(): Promise<void> {
    try {
      for await (const frames of this.shell) this.accept(frames, "shell");
    } catch (e) {
      if (!this.shell.closed) kernelLog(`shell receive stopped: ${(e as Error).message}`);
    }
  }

  private accept(frames: Buffer[], origin: Origin): void {
    let msg: Message;
    try {
      msg = decode(this.info.key, frames);
    } catch (e) {
      kernelLog(`${origin}: dropped message: ${(e as Error).message}`);
      return;
    }
    if (origin === "control") {
      void this.handle(msg, origin);
      return;
    }
    this.queue.push(msg);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let msg = this.queue.shift(); msg; msg = this.queue.shift()) await this.handle(msg, "shell");
    } finally {
      this.running = false;
    }
  }

  private async handle(msg: Message, origin: Origin): Promise<void> {
    const type = msg.header.msg_type;
    const handler = this.handlers[type];
    if (!handler) {
      kernelLog(`${origin}: ignored message type ${type}`);
      return;
    }
    this.publish(msg, "status", { execution_state: "busy" });
    let content: Record<string, any>;
    try {
      content = await handler(msg, this);
    } catch (e) {
      const err = e as Error;
      kernelLog(`${type} failed: ${err.stack ?? err}`);
      content = { status: "error", ename: err.name ?? "Error", evalue: err.message ?? String(e), traceback: [] };
    }
    if (type === "execute_request" && content.status === "error" && msg.content.stop_on_error !== false) {
      await this.abortQueued();
    }
    await this.reply(msg, origin, type.replace(/_request$/, "_reply"), content);
    this.publish(msg, "status", { execution_state: "idle" });
    if (type === "shutdown_request") await this.stop(0);
  }

  /** Answers every execute request that was already waiting with status `aborted`, as ipykernel does. */
  private async abortQueued(): Promise<void> {
    await new Promise((r) => setTimeout(r, 5));
    const waiting = this.queue.splice(0);
    for (const msg of waiting) {
      if (msg.header.msg_type !== "execute_request") {
        this.queue.push(msg);
        continue;
      }
      this.publish(msg, "status", { execution_state: "busy" });
      await this.reply(msg, "shell", "execute_reply", { status: "aborted", execution_count: null });
      this.publish(msg, "status", { execution_state: "idle" });
    }
  }

  private reply(parent: Message, origin: Origin, type: string, content: Record<string, any>): Promise<void> {
    const frames = encode(this.info.key, child(parent, type, content, this.session));
    if (origin === "shell") return this.shellOut.send(frames);
    this.worker?.postMessage({ kind: "send", frames } satisfies WorkerMessage);
    return Promise.resolve();
  }

  /** Publishes an iopub message caused by `parent` (`undefined` for kernel-wide messages). */
  publish(parent: Message | undefined, type: string, content: Record<string, any>, metadata: Record<string, any> = {}): void {
    const msg = child(parent, type, content, this.session);
    msg.idents = [Buffer.from(`kernel.${this.session}.${type}`)];
    msg.metadata = metadata;
    void this.iopubOut.send(encode(this.info.key, msg));
  }

  /** Resolves once every iopub message published so far is handed to ZeroMQ's I/O thread. */
  flush(): Promise<void> {
    return this.iopubOut.drain();
  }

  /** Flushes pending messages, closes the sockets and exits the process, even if user timers remain. */
  async stop(code: number): Promise<never> {
    await Promise.all([this.shellOut.drain(), this.iopubOut.drain()]);
    const worker = this.worker;
    if (worker) {
      const gone = new Promise((r) => worker.once("exit", r));
      worker.postMessage({ kind: "stop" } satisfies WorkerMessage);
      await Promise.race([gone, new Promise((r) => setTimeout(r, 1000))]);
    } else {
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const s of [this.shell, this.iopub, this.stdin]) s.close();
    process.exit(code);
  }
}
