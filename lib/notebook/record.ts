import { display } from "../display/jupyter";
import { RECORD_MIME, type RecordData } from "../display/mime";
import { warnOnce } from "../util/warn";

const RECORDS: unique symbol = Symbol.for("vae-lab.records") as any;

/** The values recorded in this process so far, by name (the last one of each name). */
export function recorded(): Map<string, unknown> {
  return ((globalThis as any)[RECORDS] ??= new Map()) as Map<string, unknown>;
}

/**
 * Hands a named value to the report: in a notebook it is displayed under VAE Lab's record MIME type
 * (invisible in JupyterLab, collected into `metrics.json` by `npm run report`). The value must be
 * JSON: numbers, strings, booleans, null, arrays and plain objects; non-finite numbers are refused.
 * Recording a name again replaces its value (said once).
 * @example lab.record("conv.testLoss", loss.total)
 */
export function record<T>(name: string, value: T): T {
  if (typeof name !== "string" || !/^[\w.:-]+$/.test(name)) {
    throw new Error(`record: invalid name ${JSON.stringify(name)} (letters, digits, _ . : -)`);
  }
  checkJson(value, name);
  const values = recorded();
  if (values.has(name)) warnOnce(`record: ${name} recorded again; the last value wins`);
  values.set(name, value);
  const data: RecordData = { name, value };
  display({ [Symbol.for("Jupyter.display")]: () => ({ [RECORD_MIME]: data }) });
  return value;
}

function checkJson(value: unknown, path: string): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`record: ${path} is ${value}, not a finite number`);
    return;
  }
  if (Array.isArray(value)) return value.forEach((v, i) => checkJson(v, `${path}[${i}]`));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value as object)) checkJson(v, `${path}.${k}`);
    return;
  }
  const kind = typeof value === "object" ? (value as object).constructor?.name ?? "object" : typeof value;
  throw new Error(`record: ${path} is a ${kind}, not JSON (numbers, strings, booleans, arrays, plain objects)`);
}
