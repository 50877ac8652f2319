import * as tf from "@tensorflow/tfjs-core";
import { batchCount, Batch, Binarize } from "../data/batches";
import type { ImageDataset } from "../data/dataset";
import { evaluate } from "./test-loss";
import type { LatentModel } from "../models/model";
import { ForwardContext, LossTerm, LossWeights } from "../models/types";
import { checkSeed, deriveSeed } from "../util/random";
import { adam } from "./adam";
import { EpochRecord, History, StepRecord } from "./history";
import { WorkerPool, type WorkerFault } from "./parallel/pool";
import { epochBatches, NonFiniteLossError, StepOutcome, stepContext, stepObjective } from "./step";
import { READ_EVERY, StepReads, type DeferredStep, type ReadStep } from "./step-reads";
import { checkWorkers, resolveWorkers, Workers } from "./workers";

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
  /**
   * Data-parallel replicas: 1 (default) trains on this thread; N > 1 splits every batch into N
   * contiguous slices, N - 1 of them trained in worker threads, and applies Adam to the combined
   * gradient. Same seed, backend and N give the same weights bit for bit; a different N gives the same
   * noise and batches but sums in another order, so results differ in the last bits. `auto`: the
   * measured choice for the model family and backend, see {@link resolveWorkers}: 2 for conv VAEs on
   * wasm with 2+ cores (measured 1.65-2x faster at batch 128 on an idle 2-core machine, e.g. 379 ->
   * 229 ms per step, and 1.0-1.3x with another job on the second core), 1 for every other family (2
   * workers measured slower: dense VAE 45 -> 58 ms idle, Gumbel and joint VAEs 2-3x slower busy). Each worker holds its
   * own copy of the model and the wasm heap (peak RSS of conv-vae-2d 359 -> 404 MiB); the training set
   * is copied once into shared memory that all workers read.
   * The count stays out of the checkpoint key (train-or-load loads weights trained with any count) and
   * is recorded in the checkpoint's manifest.
   */
  workers?: Workers;
}

export interface TrainCallbacks {
  /**
   * With every step's record and the number of steps per epoch, once its loss has been read: losses
   * stay on the backend and are read {@link READ_EVERY} steps at a time and at each epoch's end, so
   * records arrive in bursts, in order.
   */
  onStep?(record: StepRecord, stepsPerEpoch: number): void;
  /** Right after each step's work is handed to the backend, before its loss is read (a clock for benchmarks). */
  onDispatch?(step: number): void;
  /** After every epoch (and its test evaluation). */
  onEpoch?(record: EpochRecord): void;
  /**
   * Not a callback: failures the data-parallel workers raise (worker N at step S throws, posts a
   * NaN loss or exits), so tests can check how training stops. Default none.
   */
  workerFaults?: readonly WorkerFault[];
}

const YIELD_MS = 100;

/** A training config with its defaults filled in. */
export type CheckedTrainConfig = Required<Omit<TrainConfig, "lossWeights" | "workers">> & Pick<TrainConfig, "lossWeights" | "workers">;

/** Checks a training config and fills its defaults. */
export function checkTrainConfig(c: TrainConfig): CheckedTrainConfig {
  for (const k of ["epochs", "batchSize"] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new Error(`invalid ${k}: ${c[k]} (a positive integer)`);
  }
  if (!(c.learningRate > 0) || !Number.isFinite(c.learningRate)) {
    throw new Error(`invalid learningRate: ${c.learningRate} (a positive number)`);
  }
  checkSeed(c.seed);
  if (c.workers !== undefined) checkWorkers(c.workers);
  return { binarize: "none", evaluateEachEpoch: true, ...c };
}

/**
 * Trains a model with Adam on `train`, evaluating on `test` after each epoch. Deterministic: the
 * same seed on the same backend gives the same history and weights, bit for bit.
 * Yields to the event loop a few times a second so displays update and interrupts arrive. Losses
 * are read {@link READ_EVERY} steps at a time (a non-finite one stops training at that read).
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
  const replicas = resolveWorkers(c.workers, model.config.family);
  const stepper = replicas > 1
    ? new WorkerPool(model, data.train, c, replicas, weights, { faults: callbacks.workerFaults })
    : singleStepper(model, c.learningRate, weights);
  const history = new History();
  const stepsPerEpoch = batchCount(data.train, c);
  const start = performance.now();
  let step = 0;
  let yielded = start;
  let evalSeconds = 0;
  const reads = new StepReads();
  let sums: Partial<Record<LossTerm, number>> = {};
  const keep = (o: ReadStep) => {
    const terms: StepRecord["terms"] = {};
    for (const [t, v] of o.terms) {
      if (!Number.isFinite(v)) throw new NonFiniteLossError(`non-finite loss at epoch ${o.epoch}, step ${o.step}: ${t} = ${v}`);
      terms[t] = v;
      sums[t] = (sums[t] ?? 0) + v;
    }
    if (!Number.isFinite(o.loss)) throw new NonFiniteLossError(`non-finite loss at epoch ${o.epoch}, step ${o.step}: total = ${o.loss}`);
    const record = { epoch: o.epoch, step: o.step, seconds: (performance.now() - start) / 1000, loss: o.loss, terms };
    history.steps.push(record);
    callbacks.onStep?.(record, stepsPerEpoch);
  };
  const settle = async () => (await reads.read()).forEach(keep);
  try {
    for (let epoch = 1; epoch <= c.epochs; epoch++) {
      sums = {};
      for (const batch of epochBatches(data.train, c, epoch)) {
        step++;
        let outcome: StepOutcome | DeferredStep;
        try {
          outcome = await stepper.step(batch, stepContext(c.seed, step), epoch);
        } finally {
          tf.dispose([batch.x, batch.labels, ...(batch.colors ? [batch.colors] : [])]);
        }
        callbacks.onDispatch?.(step);
        if ("loss" in outcome) {
          await settle();
          keep({ ...outcome, epoch, step });
        } else if (reads.add(epoch, step, outcome)) {
          await settle();
        }
        if (performance.now() - yielded > YIELD_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          yielded = performance.now();
        }
      }
      await settle();
      const trainMeans: EpochRecord["train"] = { total: 0 };
      for (const t of Object.keys(sums) as LossTerm[]) {
        trainMeans[t] = sums[t]! / stepsPerEpoch;
        trainMeans.total += trainMeans[t]!;
      }
      const trainSeconds = (performance.now() - start) / 1000 - evalSeconds;
      const evalStart = performance.now();
      const test = data.test && c.evaluateEachEpoch
        ? await evaluate(model, data.test, { seed: deriveSeed(c.seed, "test"), binarize: c.binarize })
        : undefined;
      evalSeconds += (performance.now() - evalStart) / 1000;
      const record: EpochRecord = { epoch, step, seconds: (performance.now() - start) / 1000, trainSeconds, train: trainMeans, test };
      history.epochs.push(record);
      callbacks.onEpoch?.(record);
    }
  } finally {
    reads.dispose();
    await stepper.close();
  }
  return history;
}

/** The single-thread step: Adam's minimize on the whole batch. */
function singleStepper(model: LatentModel, learningRate: number, weights: LossWeights) {
  const optimizer = adam(learningRate);
  const variables = model.variables();
  return {
    async step(batch: Batch, ctx: ForwardContext): Promise<DeferredStep> {
      let names: LossTerm[] = [];
      let values: tf.Tensor1D | undefined;
      const cost = optimizer.minimize(() => {
        const objective = stepObjective(model, { x: batch.x, labels: batch.labels }, ctx, weights);
        ({ names, values } = objective);
        return objective.total;
      }, true, variables)!;
      return { cost, values: values!, names };
    },
    close(): void {
      optimizer.dispose();
    },
  };
}
