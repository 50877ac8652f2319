import { JUPYTER_DISPLAY, type MimeBundle } from "../display/jupyter";
import { ANSWER_MIME, type AnswerData } from "../display/mime";

/** A number with its unit and, optionally, its precision: made by {@link q} and {@link pct}. */
export interface Quantity {
  value: number;
  /** Written after the number, e.g. `nats`, `s`, `%`. */
  unit?: string;
  /** Digits after the decimal point; default: see {@link formatNumber}. */
  decimals?: number;
  /** Multiplies the value for display only (pct uses 100). */
  scale?: number;
}

/** A quantity for an answer: `q(loss, "nats")`, `q(seconds, "s", 1)`. */
export function q(value: number, unit?: string, decimals?: number): Quantity {
  return { value, unit, decimals };
}

/** A fraction shown as a percentage: `pct(0.9898)` reads `98.98%` (decimals default 1 below 99.5%, else 2). */
export function pct(fraction: number, decimals?: number): Quantity {
  return { value: fraction, unit: "%", scale: 100, decimals: decimals ?? (Math.abs(fraction) >= 0.995 ? 2 : 1) };
}

/**
 * A number as an answer writes it: integers with thousands separators (60,000); other numbers with
 * four significant digits (163.2, 0.9898, 0.0012), or none after the point from 1,000 on (7,115);
 * `decimals` fixes the digits after the point. NaN and infinities are written as they are.
 */
export function formatNumber(x: number, decimals?: number): string {
  if (!Number.isFinite(x)) return String(x);
  const grouped = (v: number, d: number) => v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  if (decimals !== undefined) return grouped(x, decimals);
  if (Number.isInteger(x)) return grouped(x, 0);
  if (Math.abs(x) >= 1000) return grouped(Math.round(x), 0);
  return String(Number(x.toPrecision(4)));
}

function isQuantity(v: unknown): v is Quantity {
  return v != null && typeof v === "object" && typeof (v as Quantity).value === "number";
}

/** An answer: markdown built from the run's numbers; it displays itself when it ends a cell. */
export class Answer {
  constructor(readonly data: AnswerData) {}

  /** The markdown. */
  toString(): string {
    return this.data.markdown;
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/markdown": this.data.markdown, "text/plain": this.data.markdown, [ANSWER_MIME]: this.data };
  }
}

/**
 * Builds an answer from a template: numbers and {@link Quantity} values are formatted (see
 * {@link formatNumber}) and kept with their raw values; strings are inserted as markdown; a nested
 * answer (a phrase chosen by a condition) is inserted with the values it cites. A cell that ends with
 * it shows the answer.
 * @example lab.answer`The conv VAE's test loss is ${q(conv.total, "nats")}, ${q(dense.total - conv.total, "nats")} below the dense VAE's.`
 */
export function answer(strings: TemplateStringsArray | string, ...values: unknown[]): Answer {
  if (typeof strings === "string") return new Answer({ markdown: strings, values: [] });
  const cited: AnswerData["values"] = [];
  let markdown = strings[0];
  values.forEach((v, i) => {
    markdown += interpolate(v, cited, i) + strings[i + 1];
  });
  return new Answer({ markdown, values: cited });
}

/**
 * Joins answers into one, e.g. a bullet per model, keeping every number each one cites.
 * @example joinAnswers(rows.map((r) => answer`- ${r.name}: ${q(r.loss, "nats")}`))
 */
export function joinAnswers(parts: Answer[], separator = "\n"): Answer {
  parts.forEach((p, i) => {
    if (!(p instanceof Answer)) throw new Error(`joinAnswers: part ${i + 1} is not an answer; build it with answer\`...\``);
  });
  return new Answer({ markdown: parts.map((p) => p.data.markdown).join(separator), values: parts.flatMap((p) => p.data.values) });
}

function interpolate(v: unknown, cited: AnswerData["values"], i: number): string {
  if (typeof v === "number") v = { value: v };
  if (isQuantity(v)) {
    const shown = v.value * (v.scale ?? 1);
    const number = formatNumber(shown, v.decimals);
    const text = v.unit ? (v.unit === "%" ? `${number}%` : `${number} ${v.unit}`) : number;
    cited.push({ value: v.value, text, ...(v.unit ? { unit: v.unit } : {}) });
    return text;
  }
  if (typeof v === "string") return v;
  if (v instanceof Answer) {
    cited.push(...v.data.values);
    return v.data.markdown;
  }
  throw new Error(`answer: value ${i + 1} is ${v === null ? "null" : typeof v}; give a number, q(number, unit), pct(fraction) or a string`);
}

/** A count with its noun, singular for 1: `counted(1, "epoch")` reads `1 epoch`, `counted(30, "epoch")` `30 epochs`. */
export function counted(n: number, noun: string, plural = `${noun}s`): Answer {
  return answer`${q(n)} ${n === 1 ? noun : plural}`;
}
