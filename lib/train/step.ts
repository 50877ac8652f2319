import * as tf from "@tensorflow/tfjs-core";
import { batches, Batch, Binarize } from "../data/batches";
import type { ImageDataset } from "../data/dataset";
import type { LatentModel, ModelInput } from "../models/model";
import { ForwardContext, LOSS_TERMS, LossTerm, LossWeights, totalLoss } from "../models/types";
import { deriveSeed } from "../util/random";

/**
 * The batches of one training epoch: shuffled and binarised from the run's seed, so every replica
 * of a data-parallel run that calls this gets the same batches in the same order.
 */
export function epochBatches(
  ds: ImageDataset,
  c: { batchSize: number; seed: number; binarize: Binarize },
  epoch: number,
): Generator<Batch> {
  return batches(ds, { batchSize: c.batchSize, binarize: c.binarize, seed: deriveSeed(c.seed, "data"), epoch });
}

/** The forward context of a training step: its own noise seed derived from the run's seed. */
export function stepContext(seed: number, step: number): ForwardContext & { step: number } {
  return { sample: true, training: true, seed: deriveSeed(seed, "noise", step), step };
}

/**
 * The objective of a training step, for use inside an optimizer's or `variableGrads`'s closure:
 * returns the weighted total to differentiate, and the terms' names with their values stacked in
 * one kept tensor (so the caller reads them all with one `dataSync` and disposes it).
 */
export function stepObjective(
  model: LatentModel,
  input: ModelInput,
  ctx: ForwardContext,
  weights: LossWeights,
): { total: tf.Scalar; names: LossTerm[]; values: tf.Tensor1D } {
  const out = model.forward(input, ctx);
  const names = LOSS_TERMS.filter((t) => out.terms[t]);
  const values = tf.keep(tf.stack(names.map((t) => out.terms[t]!)) as tf.Tensor1D);
  return { total: totalLoss(out.terms, weights), names, values };
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
