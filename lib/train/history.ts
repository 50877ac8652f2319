import type * as pl from "nodejs-polars";
import type { LossTerm } from "../models/types";

/** One optimisation step: its losses (batch means, nats per image) and the time since the start. */
export interface StepRecord {
  epoch: number;
  step: number;
  seconds: number;
  /** The weighted objective that was minimised. */
  loss: number;
  terms: Partial<Record<LossTerm, number>>;
}

/** One epoch: mean training terms over its steps and, when evaluated, the test terms. */
export interface EpochRecord {
  epoch: number;
  /** Global step count at the end of the epoch. */
  step: number;
  /** Wall seconds since the start, including test evaluations. */
  seconds: number;
  /** Seconds spent in training steps only, since the start. */
  trainSeconds: number;
  train: Partial<Record<LossTerm, number>> & { total: number };
  test?: Partial<Record<LossTerm, number>> & { total: number };
}

/** The record of a training run, as plain data (saved with checkpoints) and as DataFrames. */
export class History {
  constructor(
    readonly epochs: EpochRecord[] = [],
    readonly steps: StepRecord[] = [],
  ) {}

  /** The last epoch's record, if any. */
  get last(): EpochRecord | undefined {
    return this.epochs[this.epochs.length - 1];
  }

  /**
   * One row per epoch: `epoch`, `step`, `seconds`, `train_<term>` and `test_<term>` for every loss
   * term and `total` (test columns are null when the epoch was not evaluated).
   */
  frame(): pl.DataFrame {
    const rows = this.epochs.map((e) => {
      const row: Record<string, number | null> = { epoch: e.epoch, step: e.step, seconds: e.seconds, trainSeconds: e.trainSeconds };
      for (const [k, v] of Object.entries(e.train)) row[`train_${k}`] = v;
      for (const k of Object.keys(e.train)) row[`test_${k}`] = e.test ? (e.test as Record<string, number>)[k] ?? null : null;
      return row;
    });
    return integerColumns(polars().DataFrame(rows), ["epoch", "step"]);
  }

  /** One row per step: `epoch`, `step`, `seconds`, `loss` and each loss term. */
  stepFrame(): pl.DataFrame {
    const rows = this.steps.map((s) => ({ epoch: s.epoch, step: s.step, seconds: s.seconds, loss: s.loss, ...s.terms }));
    return integerColumns(polars().DataFrame(rows), ["epoch", "step"]);
  }

  toJSON(): { epochs: EpochRecord[]; steps: StepRecord[] } {
    return { epochs: this.epochs, steps: this.steps };
  }

  static fromJSON(json: { epochs: EpochRecord[]; steps: StepRecord[] }): History {
    return new History(json.epochs, json.steps);
  }
}

function integerColumns(df: pl.DataFrame, names: string[]): pl.DataFrame {
  const p = polars();
  return df.height === 0 ? df : df.withColumns(...names.map((n) => p.col(n).cast(p.Int32)));
}

function polars(): typeof pl {
  return require("nodejs-polars");
}
