import { batches, Batch, Binarize } from "../data/batches";
import type { ImageDataset } from "../data/dataset";
import type { ForwardContext } from "../models/types";
import type { LossTerm } from "../models/types";
import { deriveSeed } from "../util/random";

/**
 * The batches of one training epoch: shuffled and binarised from the run's seed, so every replica
 * of a data-parallel run that calls this gets the same batches in the same order.
 */
export function epochBatches(ds: ImageDataset, c: { batchSize: number; seed: number; binarize: Binarize }, epoch: number): Generator<Batch> {
  return batches(ds, { batchSize: c.batchSize, binarize: c.binarize, seed: deriveSeed(c.seed, "data"), epoch });
}

/** The forward context of a training step: its own noise seed derived from the run's seed. */
export function stepContext(seed: number, step: number): ForwardContext & { step: number } {
  return { training: true, seed: deriveSeed(seed, "noise", step), step };
}

/** What one training step reports: the batch's total loss and its terms, in the model's order. */
export interface StepOutcome {
  loss: number;
  terms: [LossTerm, number][];
}

/** A loss that became NaN or infinite; training stops at once. */
export class NonFiniteLossError extends Error {
  override name = "NonFiniteLossError";
}

/** A worker thread of data-parallel training failed; the message names the worker, epoch and step. */
export class WorkerError extends Error {
  override name = "WorkerError";
}
