import * as tf from "@tensorflow/tfjs-core";
import { batchCount, batches, Binarize } from "../data/batches";
import type { ImageDataset } from "../data/dataset";
import { evaluate } from "../eval/test-loss";
import type { LatentModel } from "../models/model";
import { LOSS_TERMS, LossTerm, LossWeights, totalLoss } from "../models/types";
import { checkSeed, deriveSeed } from "../util/random";
import { adam } from "./adam";
import { EpochRecord, History, StepRecord } from "./history";

/** How to train; all of it (but callbacks) goes into the checkpoint key. */
export interface TrainConfig {
  /** Passes over the training set. */
  epochs: number;
  /** Images per step. */
  batchSize: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** The run's seed: weight initialisation, shuffling and every noise draw derive from it. */
  seed: number;
  /** Weights of the loss terms in the objective; default the model's own (beta on KL terms). */
  lossWeights?: LossWeights;
  /** Pixel binarisation of training batches. Default `none`. */
  binarize?: Binarize;
  /** Evaluate the test set after every epoch (when a test set is given). Default true. */
  evaluateEachEpoch?: boolean;
}

export interface TrainCallbacks {
  /** After every step, with its record and the number of steps per epoch. */
  onStep?(record: StepRecord, stepsPerEpoch: number): void;
  /** After every epoch (and its test evaluation). */
  onEpoch?(record: EpochRecord): void;
}

const YIELD_MS = 100;

/** A loss that became NaN or infinite; training stops at once. */
export class NonFiniteLossError extends Error {
  override name = "NonFiniteLossError";
}

/** Checks a training config and fills its defaults. */
export function checkTrainConfig(c: TrainConfig): Required<Omit<TrainConfig, "lossWeights">> & Pick<TrainConfig, "lossWeights"> {
  for (const k of ["epochs", "batchSize"] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new Error(`invalid ${k}: ${c[k]} (a positive integer)`);
  }
  if (!(c.learningRate > 0) || !Number.isFinite(c.learningRate)) throw new Error(`invalid learningRate: ${c.learningRate} (a positive number)`);
  checkSeed(c.seed);
  return { binarize: "none", evaluateEachEpoch: true, ...c };
}

/**
 * Trains a model with Adam on `train`, evaluating on `test` after each epoch. Deterministic: the
 * same seed on the same backend gives the same history and weights, bit for bit.
 * Yields to the event loop a few times a second so displays update and interrupts arrive.
 * @example const history = await train(model, { train, test }, { epochs: 5, batchSize: 128, learningRate: 1e-3, seed: 1 });
 */
export async function train(
  model: LatentModel,
  data: { train: ImageDataset; test?: ImageDataset },
  config: TrainConfig,
  callbacks: TrainCallbacks = {},
): Promise<History> {
  const c = checkTrainConfig(config);
  const weights = { ...model.lossWeights(), ...c.lossWeights };
  const optimizer = adam(c.learningRate);
  const variables = model.variables();
  const history = new History();
  const stepsPerEpoch = batchCount(data.train, c);
  const start = performance.now();
  let step = 0;
  let yielded = start;
  let evalSeconds = 0;
  try {
    for (let epoch = 1; epoch <= c.epochs; epoch++) {
      const sums: Partial<Record<LossTerm, number>> = {};
      for (const batch of batches(data.train, { ...c, seed: deriveSeed(c.seed, "data"), epoch })) {
        step++;
        const ctx = { training: true, seed: deriveSeed(c.seed, "noise", step), step };
        let names: LossTerm[] = [];
        let values: tf.Tensor1D | undefined;
        const cost = optimizer.minimize(() => {
          const out = model.forward({ x: batch.x, labels: batch.labels }, ctx);
          names = LOSS_TERMS.filter((t) => out.terms[t]);
          values = tf.keep(tf.stack(names.map((t) => out.terms[t]!)) as tf.Tensor1D);
          return totalLoss(out.terms, weights);
        }, true, variables)!;
        const loss = cost.dataSync()[0];
        const v = values!.dataSync();
        tf.dispose([cost, values!, batch.x, batch.labels, ...(batch.colors ? [batch.colors] : [])]);
        const terms: StepRecord["terms"] = {};
        names.forEach((t, i) => {
          if (!Number.isFinite(v[i])) throw new NonFiniteLossError(`non-finite loss at epoch ${epoch}, step ${step}: ${t} = ${v[i]}`);
          terms[t] = v[i];
          sums[t] = (sums[t] ?? 0) + v[i];
        });
        if (!Number.isFinite(loss)) throw new NonFiniteLossError(`non-finite loss at epoch ${epoch}, step ${step}: total = ${loss}`);
        const record = { epoch, step, seconds: (performance.now() - start) / 1000, loss, terms };
        history.steps.push(record);
        callbacks.onStep?.(record, stepsPerEpoch);
        if (performance.now() - yielded > YIELD_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          yielded = performance.now();
        }
      }
      const trainMeans: EpochRecord["train"] = { total: 0 };
      for (const t of Object.keys(sums) as LossTerm[]) {
        trainMeans[t] = sums[t]! / stepsPerEpoch;
        trainMeans.total += trainMeans[t]!;
      }
      const trainSeconds = (performance.now() - start) / 1000 - evalSeconds;
      const evalStart = performance.now();
      const test = data.test && c.evaluateEachEpoch
        ? evaluate(model, data.test, { seed: deriveSeed(c.seed, "test"), binarize: c.binarize })
        : undefined;
      evalSeconds += (performance.now() - evalStart) / 1000;
      const record: EpochRecord = { epoch, step, seconds: (performance.now() - start) / 1000, trainSeconds, train: trainMeans, test };
      history.epochs.push(record);
      callbacks.onEpoch?.(record);
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}
