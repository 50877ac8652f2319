import * as tf from "@tensorflow/tfjs-core";
import { readAll } from "../backend/read";
import type { LossTerm } from "../models/types";
import type { StepOutcome } from "./step";

/**
 * Steps whose losses stay on the backend before one read fetches them all (also at each epoch's
 * end). On a GPU every read waits for the queue to drain, so a read per step would run training at
 * the speed of the round trips; one read per 50 steps keeps the device busy while progress still
 * moves several times a second at GPU speeds.
 */
export const READ_EVERY = 50;

/** A step whose total (a scalar) and terms (`names`, stacked) are still tensors. */
export interface DeferredStep {
  cost: tf.Tensor;
  values: tf.Tensor1D;
  names: LossTerm[];
}

/** A step's outcome with where it happened. */
export type ReadStep = StepOutcome & { epoch: number; step: number };

/**
 * Collects deferred steps and reads them in one go: their totals and terms concatenated into one
 * tensor, read once, then split back. The values are the same float32 numbers a read per step
 * would give. Owns the tensors it holds: `dispose` frees those never read.
 */
export class StepReads {
  private readonly pending: (DeferredStep & { epoch: number; step: number })[] = [];

  /** Holds a step; true when {@link READ_EVERY} steps are waiting (time to {@link read}). */
  add(epoch: number, step: number, d: DeferredStep): boolean {
    this.pending.push({ epoch, step, ...d });
    return this.pending.length >= READ_EVERY;
  }

  get size(): number {
    return this.pending.length;
  }

  /** Reads every waiting step with one device-to-host read, oldest first, and frees their tensors. */
  async read(): Promise<ReadStep[]> {
    if (!this.pending.length) return [];
    const list = this.pending.splice(0);
    let flat: Float32Array;
    try {
      const packed = tf.tidy(() => tf.concat(list.flatMap((d) => [tf.reshape(d.cost, [1]), d.values])));
      try {
        [flat] = await readAll([packed]);
      } finally {
        packed.dispose();
      }
    } finally {
      tf.dispose(list.flatMap((d) => [d.cost, d.values]));
    }
    let at = 0;
    return list.map((d) => {
      const out: ReadStep = { epoch: d.epoch, step: d.step, loss: flat[at], terms: d.names.map((t, i) => [t, flat[at + 1 + i]]) };
      at += 1 + d.names.length;
      return out;
    });
  }

  /** Frees the tensors of steps never read (training stopped early). */
  dispose(): void {
    tf.dispose(this.pending.splice(0).flatMap((d) => [d.cost, d.values]));
  }
}
