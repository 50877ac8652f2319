import { JUPYTER_DISPLAY } from "../../lib/display/jupyter";
import { KernelClient, type KernelExit } from "../../lib/kernel/client";
import type { Message } from "../../lib/kernel/wire";
import { PROFILE_VARIABLE, PROVENANCE_EXPRESSION, PROVENANCE_HOOK } from "../../lib/notebook/kernel-keys";
import type { KernelProvenance, ParameterValue } from "../metrics";
import { joinSource, type Cell, type CodeCell, type Notebook } from "../notebook";
import { NotebookRunError } from "./errors";
import { stderrOf, OutputCollector } from "./outputs";
import { injectedSource, parametersCellAt, resolvedParameters, type ParametersCell } from "./parameters";

/** Options of a {@link NotebookRunner}. */
export interface RunnerOptions {
  /** How messages name the notebook, e.g. `notebooks/01-vae-2d.ipynb`. */
  label: string;
  /** The kernel's working directory: the notebook's folder. */
  cwd: string;
  /** The kernel's environment on top of this process's (`VAE_LAB_PROFILE` is set to `profile`). */
  env?: NodeJS.ProcessEnv;
  /** The profile the notebook runs with: the one channel for it is the kernel's `VAE_LAB_PROFILE`. */
  profile: string;
  /** The notebook's parameters cell as `readParametersCell` read it; undefined when it has none. */
  parameters: ParametersCell | undefined;
  /** Typed `--set` values (see `typeOverrides`). */
  overrides?: Record<string, ParameterValue>;
  /** Seconds a cell may run; 0 or absent: no limit. */
  cellTimeout?: number;
  /** Called as cells start and as a cell reports progress (the text of its latest display). */
  onProgress?: (p: { cell: number; cells: number; note?: string }) => void;
}

/** An executed notebook and what its kernel reported. */
export interface RunResult {
  notebook: Notebook;
  parameters: Record<string, ParameterValue>;
  kernel: KernelProvenance | null;
  /** The kernel's peak resident memory, MiB (Linux only). */
  peakMemoryMiB?: number;
}

const GRACE_MS = 5000;
const FOREVER_MS = 2 ** 31 - 1;
/** The key of the display method a value implements (lib's `JUPYTER_DISPLAY`), as source text. */
const DISPLAY_KEY = JSON.stringify(Symbol.keyFor(JUPYTER_DISPLAY));
/** The name of the user expression that reads the parameters back (the kernel only echoes it). */
const PARAMS_KEY = "vae-lab.parameters";

/**
 * Executes one notebook on its own VAE Lab kernel, cell by cell, as nbclient does: outputs as the
 * kernel sent them, execution counts, per-cell timing, and papermill's parameters. A failing cell, a
 * cell past its timeout, a dead kernel or {@link stop} ends the run with a {@link NotebookRunError}
 * carrying the partly executed notebook, its failing cell tagged `vae-lab-error`.
 */
export class NotebookRunner {
  private kernel?: KernelClient;
  private stopped = false;

  constructor(private readonly source: Notebook, private readonly options: RunnerOptions) {}

  /** Runs every code cell and returns the executed notebook. */
  async run(): Promise<RunResult> {
    const o = this.options;
    const nb = structuredClone(this.source);
    const params = o.parameters;
    const injected: CodeCell = {
      cell_type: "code",
      id: "injected-parameters",
      source: injectedSource(params, o.profile, o.overrides ?? {}),
      metadata: { tags: ["injected-parameters"] },
      execution_count: null,
      outputs: [],
    };
    nb.cells.splice(parametersCellAt(nb) + 1, 0, injected);
    nb.nbformat_minor = Math.max(nb.nbformat_minor ?? 0, 5);
    nb.cells.forEach((c, i) => {
      c.id ??= `vae-lab-cell-${i + 1}`;
      if (c.cell_type === "code") Object.assign(c, { outputs: [], execution_count: null });
    });
    let parameters = resolvedParameters(params, o.profile, o.overrides ?? {});
    const code = nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
    try {
      const env = { ...process.env, ...o.env, [PROFILE_VARIABLE]: o.profile };
      this.kernel = await KernelClient.start({ cwd: o.cwd, env, detached: true });
    } catch (e) {
      const why = (e as Error).message;
      throw new NotebookRunError(`${o.label}: the kernel did not start: ${why.split("\n")[0]}`, why, nb, "start");
    }
    if (this.stopped) {
      await this.kernel.kill();
      throw new NotebookRunError(`${o.label}: interrupted: the build was stopped`, "", nb, "interrupted");
    }
    const collector = new OutputCollector();
    const off = this.kernel.onMessage((m) => this.route(m, collector, code));
    try {
      for (const [i, cell] of code.entries()) {
        o.onProgress?.({ cell: i + 1, cells: code.length });
        const expressions: Record<string, string> = cell === injected && params ? { [PARAMS_KEY]: valuesExpression(params) } : {};
        const reply = await this.executeCell(nb, cell, collector, expressions);
        if (cell === injected) parameters = { ...parameters, ...jsonExpression(reply, PARAMS_KEY) };
      }
      const user_expressions = { [PROVENANCE_HOOK]: PROVENANCE_EXPRESSION };
      const done = await this.kernel.execute("", { silent: true, store_history: false, user_expressions });
      const kernel = (jsonExpression(done.reply, PROVENANCE_HOOK) as KernelProvenance | undefined) ?? null;
      return { notebook: nb, parameters, kernel, peakMemoryMiB: this.kernel.peakMemoryMiB() };
    } finally {
      off();
      await this.kernel.shutdown(GRACE_MS);
    }
  }

  /** Stops the run at once: the kernel is killed and {@link run} rejects as interrupted. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.kernel?.kill();
  }

  private current?: { cell: CodeCell; msgId: string };

  private route(m: Message, collector: OutputCollector, code: CodeCell[]): void {
    const cur = this.current;
    if (!cur || (m.parent_header as { msg_id?: string }).msg_id !== cur.msgId) return;
    const timing = (cur.cell.metadata.execution ??= {});
    if (m.header.msg_type === "status") {
      timing[m.content.execution_state === "busy" ? "iopub.status.busy" : "iopub.status.idle"] ??= m.header.date;
      return;
    }
    if (m.header.msg_type === "execute_input") timing["iopub.execute_input"] = m.header.date;
    const note = collector.handle(m);
    if (note) this.options.onProgress?.({ cell: code.indexOf(cur.cell) + 1, cells: code.length, note: note.split("\n")[0] });
  }

  private async executeCell(
    nb: Notebook,
    cell: CodeCell,
    collector: OutputCollector,
    user_expressions: Record<string, string>,
  ): Promise<Message> {
    const kernel = this.kernel!;
    collector.begin(cell);
    const msgId = kernel.send("shell", "execute_request", {
      code: joinSource(cell.source), silent: false, store_history: true, user_expressions, allow_stdin: false, stop_on_error: true,
    });
    this.current = { cell, msgId };
    const limit = (this.options.cellTimeout ?? 0) > 0 ? this.options.cellTimeout! * 1000 : FOREVER_MS;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      kernel.wait(msgId, FOREVER_MS).then((r) => ({ kind: "done" as const, reply: r.reply })),
      kernel.exited.then((exit) => ({ kind: "exit" as const, exit })),
      new Promise<{ kind: "timeout" }>((resolve) => (timer = setTimeout(() => resolve({ kind: "timeout" }), limit))),
    ]);
    clearTimeout(timer);
    if (outcome.kind === "done") {
      (cell.metadata.execution ??= {})["shell.execute_reply"] = outcome.reply.header.date;
      cell.execution_count = (outcome.reply.content.execution_count as number | undefined) ?? cell.execution_count;
      if (outcome.reply.content.status === "ok") return outcome.reply;
      const first = `${outcome.reply.content.ename}: ${outcome.reply.content.evalue}`.split("\n")[0];
      throw this.fail(nb, cell, first, "cell-error");
    }
    if (outcome.kind === "exit") {
      if (this.stopped) throw this.fail(nb, cell, "interrupted: the build was stopped", "interrupted");
      const died = `the kernel died (${describeExit(outcome.exit)}) while the cell ran`;
      throw this.fail(nb, cell, died, "dead-kernel", lastLines(kernel.stderr, 20));
    }
    kernel.interrupt();
    const answered = await Promise.race([kernel.wait(msgId, GRACE_MS).then(() => true, () => false), kernel.exited.then(() => false)]);
    await kernel.kill();
    const seconds = this.options.cellTimeout!;
    const how = answered ? "interrupted" : "interrupted without effect";
    throw this.fail(nb, cell, `timed out after ${seconds} s; ${how}, then its kernel was killed`, "timeout");
  }

  private fail(nb: Notebook, cell: CodeCell, first: string, kind: NotebookRunError["kind"], kernelStderr = ""): NotebookRunError {
    const index = nb.cells.indexOf(cell);
    const place = sourceCellNumber(nb.cells, index);
    const where = `${this.options.label}, ${place}${cell.execution_count ? ` (In [${cell.execution_count}])` : ""}`;
    const message = `${where}: ${first}`;
    cell.metadata.tags = [...(cell.metadata.tags ?? []), "vae-lab-error"];
    const banner = `**This notebook stopped at ${place}.** ${first.replace(/[*_`<>[\]]/g, "\\$&")}`;
    nb.cells.unshift({ cell_type: "markdown", id: "vae-lab-error-banner", source: banner, metadata: { tags: ["vae-lab-error-banner"] } });
    const stderr = stderrOf(cell);
    const details = [
      `--- source of ${place} ---`,
      joinSource(cell.source).trimEnd(),
      ...(stderr ? ["--- its stderr ---", stderr.trimEnd()] : []),
      ...(kernelStderr ? ["--- the kernel's last stderr lines ---", kernelStderr] : []),
    ].join("\n");
    nb.metadata.vae_lab = { ...(nb.metadata.vae_lab ?? ({} as never)), failure: { cell: index + 1, message } };
    return new NotebookRunError(message, details, nb, kind);
  }
}

/** `cell N` as the source notebook counts (the injected cell not counted), or `the injected-parameters cell`. */
function sourceCellNumber(cells: Cell[], index: number): string {
  if (cells[index].metadata.tags?.includes("injected-parameters")) return "the injected-parameters cell";
  const injectedBefore = cells.slice(0, index).some((c) => c.metadata.tags?.includes("injected-parameters"));
  return `cell ${index + 1 - (injectedBefore ? 1 : 0)}`;
}

function describeExit(e: KernelExit): string {
  return e.signal ? `killed by ${e.signal}` : `exit code ${e.code}`;
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split("\n").slice(-n).join("\n");
}

/** A user expression whose value displays as JSON: every parameter's value. */
function valuesExpression(cell: ParametersCell): string {
  const names = cell.parameters.map((p) => p.name);
  const values = names.map((n) => `${JSON.stringify(n)}: ${n}`).join(", ");
  return `({ [Symbol.for(${DISPLAY_KEY})]: () => ({ "application/json": { ${values} } }) })`;
}

function jsonExpression(reply: Message, key: string): Record<string, ParameterValue> | undefined {
  const r = (reply.content.user_expressions as Record<string, { status: string; data?: Record<string, unknown> }> | undefined)?.[key];
  const json = r?.status === "ok" ? r.data?.["application/json"] : undefined;
  return json && typeof json === "object" ? (json as Record<string, ParameterValue>) : undefined;
}
