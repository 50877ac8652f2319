import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Dealer, Request, Subscriber } from "zeromq";
import { endpoint, newConnectionInfo, writeConnectionFile, type ConnectionInfo } from "./connection";
import { Outbox } from "./outbox";
import { child, decode, encode, type Message } from "./wire";

/** Options for `KernelClient.start`. */
export interface KernelClientOptions {
  /** Working directory of the kernel (a notebook's folder). Default: `process.cwd()`. */
  cwd?: string;
  /** Command starting the kernel, connection file appended. Default: this package's built kernel under `node`. */
  command?: string[];
  /** Milliseconds to wait for the first kernel_info reply. Default 30000. */
  startTimeoutMs?: number;
  /** Start the kernel in its own process group, so a terminal's Ctrl-C reaches only the client. Default false. */
  detached?: boolean;
  /** Environment of the kernel. Default `process.env`; `JPY_PARENT_PID` is always set to this process. */
  env?: NodeJS.ProcessEnv;
}

/** How a kernel process ended: its exit code, or the signal that killed it. */
export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Flags of an execute_request (Jupyter's names) for `KernelClient.execute`, and how long to wait for it. */
export interface ExecuteOptions {
  stop_on_error?: boolean;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, string>;
  /** Milliseconds to wait for the reply and idle status. Default 60000. */
  timeoutMs?: number;
}

/** A finished request: its reply and the iopub messages it caused (status messages left out). */
export interface RequestResult {
  reply: Message;
  iopub: Message[];
}

interface Pending {
  channel: "shell" | "control";
  reply?: Message;
  idle: boolean;
  iopub: Message[];
  done: (r: RequestResult) => void;
}

const KERNEL_MAIN = join(__dirname, "main.js");

/**
 * A Jupyter client over ZeroMQ for a kernel it spawns (with `node` directly, so signals reach it).
 * Replies and iopub messages are routed by parent msg_id; a shell request is done when both its
 * reply and its iopub `idle` status have arrived.
 */
export class KernelClient {
  /** Everything the kernel process wrote to its stderr (its own log lines). */
  stderr = "";
  private readonly pending = new Map<string, Pending>();
  private readonly results = new Map<string, Promise<RequestResult>>();
  private readonly listeners: ((m: Message) => void)[] = [];
  private readonly shell = new Dealer();
  private readonly control = new Dealer();
  private readonly iopub = new Subscriber();
  private readonly out = { shell: new Outbox(this.shell, "shell"), control: new Outbox(this.control, "control") };
  private readonly session = crypto.randomUUID();
  /** Resolves when the kernel process has ended. */
  readonly exited: Promise<KernelExit>;

  private constructor(readonly info: ConnectionInfo, readonly process: ChildProcess, private readonly dir: string) {
    this.exited = new Promise((resolve) => process.once("exit", (code, signal) => resolve({ code, signal })));
    process.stderr?.on("data", (d: Buffer) => (this.stderr += d.toString()));
  }

  /** Spawns a kernel, connects, and resolves once it answers kernel_info. */
  static async start(options: KernelClientOptions = {}): Promise<KernelClient> {
    const dir = mkdtempSync(join(tmpdir(), "vae-lab-kernel-"));
    const info = await newConnectionInfo();
    const file = join(dir, "connection.json");
    writeConnectionFile(file, info);
    const [cmd, ...args] = options.command ?? [process.execPath, KERNEL_MAIN];
    const env = { ...(options.env ?? process.env), JPY_PARENT_PID: String(process.pid) };
    const detached = options.detached ?? false;
    const proc = spawn(cmd, [...args, file], { cwd: options.cwd, env, detached, stdio: ["ignore", "pipe", "pipe"] });
    const client = new KernelClient(info, proc, dir);
    client.connect();
    await client.waitReady(options.startTimeoutMs ?? 30000);
    return client;
  }

  private connect(): void {
    this.shell.connect(endpoint(this.info, "shell"));
    this.control.connect(endpoint(this.info, "control"));
    this.iopub.connect(endpoint(this.info, "iopub"));
    this.iopub.subscribe();
    void this.receive(this.shell, "shell");
    void this.receive(this.control, "control");
    void this.receive(this.iopub, "iopub");
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exit: number | null | undefined;
    void this.exited.then((c) => (exit = c.code ?? -1));
    while (Date.now() < deadline && exit === undefined) {
      const id = this.send("shell", "kernel_info_request", {});
      const ok = await Promise.race([this.wait(id).then(() => true), new Promise((r) => setTimeout(r, 500, false))]);
      if (ok) return;
    }
    const why = exit !== undefined ? `exited with code ${exit}` : `did not answer kernel_info in ${timeoutMs} ms`;
    this.process.kill("SIGKILL");
    throw new Error(`kernel ${why}; stderr: ${this.stderr.trim().slice(-500)}`);
  }

  private async receive(sock: Dealer | Subscriber, name: string): Promise<void> {
    try {
      for await (const frames of sock) {
        const msg = decode(this.info.key, frames);
        if (name === "iopub") this.onIopub(msg);
        else this.onReply(msg);
      }
    } catch (e) {
      if (!sock.closed) this.stderr += `client ${name}: ${(e as Error).message}\n`;
    }
  }

  private onReply(msg: Message): void {
    const p = this.pending.get((msg.parent_header as { msg_id?: string }).msg_id ?? "");
    if (!p) return;
    p.reply = msg;
    this.settle((msg.parent_header as { msg_id: string }).msg_id, p);
  }

  private onIopub(msg: Message): void {
    for (const l of this.listeners) l(msg);
    const id = (msg.parent_header as { msg_id?: string }).msg_id ?? "";
    const p = this.pending.get(id);
    if (!p) return;
    if (msg.header.msg_type === "status") p.idle ||= msg.content.execution_state === "idle";
    else p.iopub.push(msg);
    this.settle(id, p);
  }

  private settle(id: string, p: Pending): void {
    if (!p.reply || (p.channel === "shell" && !p.idle)) return;
    this.pending.delete(id);
    p.done({ reply: p.reply, iopub: p.iopub });
  }

  /** Sends a request without waiting; returns its msg_id for `wait`. */
  send(channel: "shell" | "control", msgType: string, content: Record<string, unknown>): string {
    const msg = child(undefined, msgType, content, this.session);
    let done!: (r: RequestResult) => void;
    const result = new Promise<RequestResult>((r) => (done = r));
    this.pending.set(msg.header.msg_id, { channel, idle: false, iopub: [], done });
    this.results.set(msg.header.msg_id, result);
    void this.out[channel].send(encode(this.info.key, msg));
    return msg.header.msg_id;
  }

  /** Resolves when the request `msgId` is done; rejects after `timeoutMs` (default 60000). */
  wait(msgId: string, timeoutMs = 60000): Promise<RequestResult> {
    const result = this.results.get(msgId);
    if (!result) throw new Error(`unknown msg_id ${msgId}`);
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no complete answer to ${msgId} in ${timeoutMs} ms`)), timeoutMs);
      // A request nobody answers (e.g. a kernel_info resent while the kernel started) must not keep the process alive.
      timer.unref();
    });
    return Promise.race([result, timeout]).finally(() => {
      clearTimeout(timer);
      this.results.delete(msgId);
    });
  }

  /** Sends a request and waits for it. */
  request(
    channel: "shell" | "control",
    msgType: string,
    content: Record<string, unknown> = {},
    timeoutMs?: number,
  ): Promise<RequestResult> {
    return this.wait(this.send(channel, msgType, content), timeoutMs);
  }

  /** Runs `code` as a cell (stop_on_error true unless overridden). */
  execute(code: string, options: ExecuteOptions = {}): Promise<RequestResult> {
    const { timeoutMs, ...flags } = options;
    const content = { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true, ...flags };
    return this.request("shell", "execute_request", content, timeoutMs);
  }

  /** Calls `listener` with every iopub message (including ones after a request is done); returns an unsubscribe function. */
  onMessage(listener: (m: Message) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** Round trip on the heartbeat channel in milliseconds; rejects after `timeoutMs`. */
  async ping(timeoutMs = 2000): Promise<number> {
    const hb = new Request({ receiveTimeout: timeoutMs, linger: 0 });
    hb.connect(endpoint(this.info, "hb"));
    const t0 = Date.now();
    try {
      await hb.send("ping");
      const [echo] = await hb.receive();
      if (echo.toString() !== "ping") throw new Error(`heartbeat echoed ${echo.toString()}, expected ping`);
      return Date.now() - t0;
    } finally {
      hb.close();
    }
  }

  /** Asks the kernel to shut down, waits for it to exit (SIGKILL after `timeoutMs`), and closes the client. */
  async shutdown(timeoutMs = 5000): Promise<number | null> {
    if (this.alive) {
      void this.send("control", "shutdown_request", { restart: false });
      const timer = setTimeout(() => this.process.kill("SIGKILL"), timeoutMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.close();
    return this.process.exitCode;
  }

  /** The kernel process's peak resident memory so far in MiB (Linux's VmHWM), or undefined where it cannot be read. */
  peakMemoryMiB(): number | undefined {
    try {
      const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${this.process.pid}/status`, "utf8"))?.[1];
      return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
    } catch {
      return undefined;
    }
  }

  /** True while the kernel process runs. */
  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Interrupts the running cell (SIGINT: the kernel's interrupt_mode is signal). */
  interrupt(): void {
    if (this.alive) this.process.kill("SIGINT");
  }

  /** Kills the kernel at once (SIGKILL) and closes the client. */
  async kill(): Promise<void> {
    if (this.alive) this.process.kill("SIGKILL");
    await this.exited;
    this.close();
  }

  /** Closes the sockets and removes the connection file (the kernel is left as it is). */
  close(): void {
    for (const s of [this.shell, this.control, this.iopub]) if (!s.closed) s.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
