import { inspect } from "node:util";

/** The fields of an `error` message and of an error reply. */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** ename of a cell that did not compile; evalue lists `line:column - message` per diagnostic. */
export const COMPILE_ERROR = "TypeScriptError";

/** ename of a cell stopped by an interrupt (signal or interrupt_request). */
export const INTERRUPTED = "Interrupted";

const KERNEL_FRAME = /node_modules[\\/]tslab[\\/]|\(node:|at node:|[\\/]lib[\\/]kernel[\\/]|at new Promise \(<anonymous>\)$/;

function isInterrupt(e: Error): boolean {
  return /interrupted (by `SIGINT`|asynchronously)/i.test(e.message) || /Script execution was interrupted/.test(e.message);
}

function fromThrown(thrown: unknown): ErrorContent {
  if (!(thrown instanceof Error)) {
    const evalue = inspect(thrown);
    return { ename: "Uncaught", evalue, traceback: [`Uncaught ${evalue}`] };
  }
  if (isInterrupt(thrown)) {
    return { ename: INTERRUPTED, evalue: thrown.message, traceback: [`${INTERRUPTED}: ${thrown.message}`] };
  }
  const ename = thrown.name || thrown.constructor?.name || "Error";
  const lines = (thrown.stack ?? `${ename}: ${thrown.message}`).split("\n");
  const frames = lines.filter((l, i) => i === 0 || !KERNEL_FRAME.test(l));
  return { ename, evalue: thrown.message, traceback: frames };
}

/**
 * Turns what tslab reported for a failed cell into Jupyter's error fields: compile diagnostics
 * (`2:7 - Type 'string' is not assignable to type 'number'.`) win over thrown values.
 */
export function describeError(diagnostics: string[], thrown: unknown[]): ErrorContent {
  if (diagnostics.length > 0) {
    return { ename: COMPILE_ERROR, evalue: diagnostics.join("\n"), traceback: diagnostics };
  }
  if (thrown.length > 0) return fromThrown(thrown[0]);
  return { ename: "Error", evalue: "cell failed without reporting an error", traceback: [] };
}
