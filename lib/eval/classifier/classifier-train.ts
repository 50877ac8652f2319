import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { adam } from "../../train/adam";
import { backendInfo } from "../../backend";
import { readScalar } from "../../backend/read";
import { installWasmKernels } from "../../backend/wasm";
import { batches } from "../../data/batches";
import type { DataSpec, ImageDataset } from "../../data/dataset";
import { loadMnist } from "../../data/mnist";
import { cachedTraining } from "../../train/cached";
import { checkpointId, checkpointRoot } from "../../train/checkpoint";
import type { EpochRecord } from "../../train/history";
import { checkSeed, deriveSeed } from "../../util/random";
import { argmaxRows, mapBatches } from "../stats/batched";
import { buildClassifier, Classifier, ClassifierConfig, classifierConfig } from "./classifier";

/** How the classifier is trained (Adam on softmax cross-entropy); part of its checkpoint key. */
export interface ClassifierTrainConfig {
  /** Passes over the training set. Default 4 (test accuracy by epoch on wasm: 98.36, 98.63, 98.84, 98.98, 98.79%). */
  epochs: number;
  /** Images per step. Default 64. */
  batchSize: number;
  /** Adam's learning rate. Default 1e-3. */
  learningRate: number;
  /** Seed of the weights and the shuffles. Default 0. */
  seed: number;
}

/** The default classifier training: 4 epochs of batches of 64 at Adam 1e-3, seed 0. */
export function classifierTrainConfig(overrides: Partial<ClassifierTrainConfig> = {}): ClassifierTrainConfig {
  const c = { epochs: 4, batchSize: 64, learningRate: 1e-3, seed: 0, ...overrides };
  for (const k of ["epochs", "batchSize"] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new Error(`invalid classifier ${k}: ${c[k]}`);
  }
  if (!(c.learningRate > 0)) throw new Error(`invalid classifier learningRate: ${c.learningRate}`);
  checkSeed(c.seed);
  return c;
}

/** What identifies a trained classifier: its checkpoint key. */
export interface ClassifierKey {
  classifier: ClassifierConfig;
  train: ClassifierTrainConfig;
  data: { train: DataSpec };
}

/**
 * Trains `classifier` in place with seeded shuffles; returns one record per epoch (train total = mean
 * cross-entropy, nats), also handed to `onEpoch` as each epoch ends.
 */
export async function trainClassifier(
  classifier: Classifier,
  data: ImageDataset,
  config: ClassifierTrainConfig,
  callbacks: { onEpoch?(record: EpochRecord): void } = {},
): Promise<EpochRecord[]> {
  // stock tfjs-backend-wasm has no Conv2DBackpropFilter: convolutions cannot train without VAE Lab's kernels
  if (tf.getBackend() === "wasm" && !tf.getKernel("Conv2DBackpropFilter", "wasm")) installWasmKernels();
  const optimizer = adam(config.learningRate);
  const variables = classifier.variables();
  const records: EpochRecord[] = [];
  const start = performance.now();
  let step = 0;
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      let sum = 0;
      let count = 0;
      for (const b of batches(data, { batchSize: config.batchSize, seed: deriveSeed(config.seed, "classifier-data"), epoch })) {
        const cost = optimizer.minimize(() => {
          const onehot = tf.oneHot(b.labels, classifier.config.classes);
          return tf.losses.softmaxCrossEntropy(onehot, classifier.logits(b.x, true)) as tf.Scalar;
        }, true, variables)!;
        const loss = await readScalar(cost).finally(() => tf.dispose([cost, b.x, b.labels]));
        if (!Number.isFinite(loss)) throw new Error(`classifier: non-finite loss at epoch ${epoch}, step ${step}: ${loss}`);
        sum += loss;
        count++;
        step++;
        if (step % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const seconds = (performance.now() - start) / 1000;
      const record = { epoch, step, seconds, trainSeconds: seconds, train: { total: sum / count } };
      records.push(record);
      callbacks.onEpoch?.(record);
    }
  } finally {
    optimizer.dispose();
  }
  return records;
}

/**
 * Fraction of `ds` whose digit the classifier predicts correctly, in [0, 1].
 * @example await classifierAccuracy(classifier, test) // e.g. 0.99
 */
export async function classifierAccuracy(classifier: Classifier, ds: ImageDataset): Promise<number> {
  const predicted = argmaxRows(await mapBatches(ds, (b) => classifier.logits(b.x)));
  let hits = 0;
  for (let i = 0; i < ds.size; i++) if (predicted[i] === ds.labels[i]) hits++;
  return hits / ds.size;
}

export interface ClassifierOrLoadOptions {
  /** Architecture. Default {@link classifierConfig}(). */
  config?: ClassifierConfig;
  /** Training. Default {@link classifierTrainConfig}(). */
  train?: ClassifierTrainConfig;
  /** Training images. Default all 60,000 MNIST training digits. */
  data?: ImageDataset;
  /** Checkpoint folder. Default {@link checkpointRoot}. */
  dir?: string;
  /** Train even if a checkpoint exists. Default: environment `VAE_LAB_RETRAIN=1`. */
  retrain?: boolean;
}

/** A ready classifier with where it came from. */
export interface TrainedClassifier {
  classifier: Classifier;
  /** True when loaded from a checkpoint without training. */
  loaded: boolean;
  id: string;
  path: string;
  /** Backend and wall seconds of the training run (as stored with the checkpoint). */
  backend: string;
  seconds: number;
  epochs: EpochRecord[];
}

/**
 * The evaluation classifier, trained once and cached as a checkpoint named `classifier-<hash>`
 * (key: architecture, training config, data spec, seed). Later calls load it in a second.
 * @example const { classifier } = await classifierOrLoad(); classifier.classify(images);
 */
export async function classifierOrLoad(options: ClassifierOrLoadOptions = {}): Promise<TrainedClassifier> {
  const config = options.config ?? classifierConfig();
  const trainConfig = classifierTrainConfig(options.train);
  const data = options.data ?? loadMnist({ split: "train" });
  const key: ClassifierKey = { classifier: config, train: trainConfig, data: { train: data.spec } };
  const id = checkpointId(key, "classifier");
  const dir = path.join(options.dir ?? checkpointRoot(), id);
  const classifier = buildClassifier(config, trainConfig.seed);
  const { manifest, loaded } = await cachedTraining({
    id, dir, key, seed: trainConfig.seed, holder: classifier,
    retrain: options.retrain ?? process.env.VAE_LAB_RETRAIN === "1",
    train: async () => {
      const started = performance.now();
      const epochs = await trainClassifier(classifier, data, trainConfig);
      const seconds = (performance.now() - started) / 1000;
      const backend = backendInfo()?.name ?? tf.getBackend();
      return { history: { epochs, steps: [] }, backend, seconds, samplesPerSecond: (data.size * trainConfig.epochs) / seconds };
    },
  });
  return { classifier, loaded, id, path: dir, backend: manifest.backend, seconds: manifest.seconds, epochs: manifest.history.epochs };
}
