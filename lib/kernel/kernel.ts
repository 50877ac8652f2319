import "../display/formatters"; // figures and DataFrames display even when a notebook imports only part of the lib
import { toMimeBundle } from "../display/jupyter";
import type { ConnectionInfo } from "./connection";
import { installDisplay } from "./display";
import { Engine } from "./engine";
import { History, type HistoryRequest } from "./history";
import { kernelInfo } from "./info";
import { completeReply, inspectReply } from "./introspect";
import { isComplete } from "./is-complete";
import { captureStreams } from "./output";
import { KernelServer, type HandlerTable } from "./server";
import type { Message } from "./wire";

/** execute_request content (protocol 5.3); absent flags take the protocol's defaults. */
interface ExecuteRequest {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  stop_on_error?: boolean;
  user_expressions?: Record<string, string>;
}

/**
 * The VAE Lab kernel: tslab's engine behind the Jupyter protocol. Cells run in `rootDir`
 * (the notebook's folder, where Jupyter starts the kernel).
 */
export class Kernel {
  readonly server: KernelServer;
  private readonly engine: Engine;
  private readonly history = new History();
  private count = 0;
  private parent?: Message;

  constructor(info: ConnectionInfo, rootDir: string) {
    this.engine = new Engine(rootDir);
    this.server = new KernelServer(info, this.handlers());
    const publish = (type: string, content: Record<string, any>) => this.server.publish(this.parent, type, content);
    captureStreams((name, text) => publish("stream", { name, text }));
    installDisplay(publish);
  }

  /** Binds the sockets and starts serving; SIGINT interrupts the running cell. */
  async start(): Promise<void> {
    process.on("SIGINT", () => this.engine.interrupt());
    process.on("uncaughtException", (e) => process.stderr.write(`Uncaught ${e.stack ?? e}\n`));
    process.on("unhandledRejection", (e) => process.stderr.write(`Unhandled rejection: ${(e as Error)?.stack ?? e}\n`));
    await this.server.start();
  }

  private handlers(): HandlerTable {
    return {
      kernel_info_request: () => kernelInfo(),
      execute_request: (msg) => this.execute(msg as Message<ExecuteRequest>),
      complete_request: (msg) => completeReply(this.engine, msg.content.code, msg.content.cursor_pos),
      inspect_request: (msg) => inspectReply(this.engine, msg.content.code, msg.content.cursor_pos),
      is_complete_request: (msg) => isComplete(msg.content.code),
      history_request: (msg) => ({ status: "ok", history: this.history.query(msg.content as HistoryRequest) }),
      comm_info_request: () => ({ status: "ok", comms: {} }),
      shutdown_request: (msg) => {
        this.engine.close();
        return { status: "ok", restart: Boolean(msg.content.restart) };
      },
    };
  }

  private async execute(msg: Message<ExecuteRequest>): Promise<Record<string, any>> {
    const { code = "", silent = false } = msg.content;
    const store = (msg.content.store_history ?? true) && !silent;
    if (store) this.count++;
    const count = this.count;
    this.parent = msg;
    const publish = (type: string, content: Record<string, any>) => this.server.publish(msg, type, content);
    if (!silent) publish("execute_input", { code, execution_count: count });
    // A cell that blocks the event loop would otherwise hold back execute_input (and busy) until it ends.
    const outcome = await this.engine.run(code, () => this.server.flush());
    let error = outcome.error;
    let plain: string | null = null;
    if (outcome.ok && outcome.hasValue && !silent) {
      try {
        const data = toMimeBundle(outcome.value);
        plain = typeof data["text/plain"] === "string" ? data["text/plain"] : null;
        publish("execute_result", { execution_count: count, data, metadata: {} });
      } catch (e) {
        const err = e as Error;
        error = { ename: err.name, evalue: err.message, traceback: [`${err.name}: ${err.message}`] };
      }
    }
    if (store) this.history.add(count, code, plain);
    if (!error) {
      const user_expressions = await this.evaluate(msg.content.user_expressions ?? {});
      return { status: "ok", execution_count: count, payload: [], user_expressions };
    }
    if (!silent) publish("error", error);
    return { status: "error", execution_count: count, ...error };
  }

  /** Evaluates a request's user_expressions after its cell succeeded: a bundle or an error per name. */
  private async evaluate(expressions: Record<string, string>): Promise<Record<string, unknown>> {
    const results: Record<string, unknown> = {};
    for (const [name, expr] of Object.entries(expressions)) {
      const r = await this.engine.run(expr);
      results[name] = r.ok
        ? { status: "ok", data: toMimeBundle(r.value), metadata: {} }
        : { status: "error", ...r.error };
    }
    return results;
  }
}
