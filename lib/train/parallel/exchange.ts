import { LOSS_TERMS, LossTerm } from "../../models/types";

/** The shared memory of one data-parallel run, handed to every worker once. */
export interface ExchangeBuffers {
  /** Int32 words: [abort, posted step of replica 0 .. N-1]. */
  control: SharedArrayBuffer;
  /** Float32 gradients, [2 parities][N replicas][P parameters]. */
  grads: SharedArrayBuffer;
  /** Float64 per replica and parity: the loss terms (LOSS_TERMS order), the total, the slice weight. */
  terms: SharedArrayBuffer;
}

const ABORT = 0;
const POSTED = 1;
const TOTAL = LOSS_TERMS.length;
const WEIGHT = TOTAL + 1;
const SLOTS = WEIGHT + 1;

/**
 * Rows `[start, end)` of a batch of `size` that replica `r` of `replicas` trains on: contiguous,
 * in replica order, sizes differing by at most one (the first replicas take the extra rows).
 */
export function sliceBounds(size: number, replicas: number, r: number): [number, number] {
  return [Math.ceil((r * size) / replicas), Math.ceil(((r + 1) * size) / replicas)];
}

/**
 * Where replicas meet each step: each posts the gradient of its slice's loss and its loss terms, then
 * everyone combines all posts in replica order. Buffers alternate by step parity, so a replica may
 * post step s + 1 while a slower one still reads step s.
 */
export class Exchange {
  readonly control: Int32Array;
  private readonly grads: Float32Array;
  private readonly terms: Float64Array;

  constructor(readonly replicas: number, readonly params: number, readonly buffers: ExchangeBuffers = allocate(replicas, params)) {
    this.control = new Int32Array(buffers.control);
    this.grads = new Float32Array(buffers.grads);
    this.terms = new Float64Array(buffers.terms);
  }

  /** Replica r's gradient slot for a step, P floats. */
  gradView(step: number, r: number): Float32Array {
    const at = ((step % 2) * this.replicas + r) * this.params;
    return this.grads.subarray(at, at + this.params);
  }

  /** Writes replica r's loss terms, total and slice weight (rows / batch size) for a step. */
  writeTerms(step: number, r: number, terms: Partial<Record<LossTerm, number>>, total: number, weight: number): void {
    const v = this.termView(step, r);
    LOSS_TERMS.forEach((t, i) => (v[i] = terms[t] ?? 0));
    v[TOTAL] = total;
    v[WEIGHT] = weight;
  }

  /** Replica r's loss terms and total for a step. */
  readTerms(step: number, r: number): { terms: Record<LossTerm, number>; total: number; weight: number } {
    const v = this.termView(step, r);
    const terms = Object.fromEntries(LOSS_TERMS.map((t, i) => [t, v[i]])) as Record<LossTerm, number>;
    return { terms, total: v[TOTAL], weight: v[WEIGHT] };
  }

  /** Marks replica r's post of `step` complete and wakes whoever waits for it. */
  post(r: number, step: number): void {
    Atomics.store(this.control, POSTED + r, step);
    Atomics.notify(this.control, POSTED + r);
  }

  /** The last step replica r posted. */
  posted(r: number): number {
    return Atomics.load(this.control, POSTED + r);
  }

  /** Index of replica r's posted word in {@link control}, for Atomics.wait. */
  postedIndex(r: number): number {
    return POSTED + r;
  }

  /** Tells every replica to stop and wakes all waiters. */
  abort(): void {
    Atomics.store(this.control, ABORT, 1);
    for (let r = 0; r < this.replicas; r++) Atomics.notify(this.control, POSTED + r);
  }

  get aborted(): boolean {
    return Atomics.load(this.control, ABORT) === 1;
  }

  /** The batch gradient: sum_r weight_r * g_r, added in replica order, as a new array. */
  combinedGradient(step: number): Float32Array {
    const out = new Float32Array(this.params);
    for (let r = 0; r < this.replicas; r++) {
      const w = this.termView(step, r)[WEIGHT];
      const g = this.gradView(step, r);
      if (r === 0) for (let i = 0; i < out.length; i++) out[i] = w * g[i];
      else if (w > 0) for (let i = 0; i < out.length; i++) out[i] += w * g[i];
    }
    return out;
  }

  /** The batch's loss terms and total: slice values weighted by slice size, in replica order. */
  combinedTerms(step: number): { terms: Record<LossTerm, number>; total: number } {
    const out = { terms: Object.fromEntries(LOSS_TERMS.map((t) => [t, 0])) as Record<LossTerm, number>, total: 0 };
    for (let r = 0; r < this.replicas; r++) {
      const { terms, total, weight } = this.readTerms(step, r);
      if (weight === 0) continue;
      for (const t of LOSS_TERMS) out.terms[t] += weight * terms[t];
      out.total += weight * total;
    }
    return out;
  }

  private termView(step: number, r: number): Float64Array {
    const at = ((step % 2) * this.replicas + r) * SLOTS;
    return this.terms.subarray(at, at + SLOTS);
  }
}

function allocate(replicas: number, params: number): ExchangeBuffers {
  return {
    control: new SharedArrayBuffer(4 * (POSTED + replicas)),
    grads: new SharedArrayBuffer(4 * 2 * replicas * params),
    terms: new SharedArrayBuffer(8 * 2 * replicas * SLOTS),
  };
}
