import * as tf from "@tensorflow/tfjs-core";
import { readValues } from "../../backend/read";
import { adam } from "../../train/adam";
import "@tensorflow/tfjs-layers"; // registers the gradients the fit needs
import { checkSeed, deriveSeed, permutation } from "../../util/random";
import type { Rows } from "../stats/batched";
import type { ImageDataset } from "../../data/dataset";
import type { LatentModel } from "../../models/model";
import { columnMoments, latentCodes } from "./codes";

/** Codes [N, D] with their class labels, e.g. `latentCodes(model, ds)` and `ds.labels`. */
export interface LabelledCodes {
  codes: Rows;
  labels: ArrayLike<number>;
}

export interface LinearProbeOptions {
  /** Number of classes. Default 10. */
  classes?: number;
  /** Passes over the training codes. Default 30. */
  epochs?: number;
  /** Codes per step. Default 256. */
  batchSize?: number;
  /** Adam's learning rate. Default 0.01. */
  learningRate?: number;
  /** L2 penalty on the weights (per code, added to the mean cross-entropy). Default 1e-4. */
  l2?: number;
  /** Seed of the shuffles. Default 0. */
  seed?: number;
}

/** How well a linear classifier reads the labels off the codes. */
export interface LinearProbeResult {
  trainAccuracy: number;
  testAccuracy: number;
  /** Test accuracy of always answering the most frequent training class. */
  chance: number;
  /** Test codes scored (the accuracies' sample size). */
  testImages: number;
}

/**
 * Linear probe: multinomial logistic regression p(y | z) = softmax(W s(z) + b) on standardised codes
 * s(z) = (z - mean) / sd (train statistics), fitted with Adam on `train`, scored on `test`.
 * Doc 004's "usefulness for downstream learning", AE against VAE.
 * @example
 * const labelled = async (ds: ImageDataset) => ({ codes: await latentCodes(vae, ds), labels: ds.labels });
 * (await linearProbe(await labelled(train), await labelled(test))).testAccuracy
 */
export async function linearProbe(train: LabelledCodes, test: LabelledCodes, options: LinearProbeOptions = {}): Promise<LinearProbeResult> {
  const { classes = 10, epochs = 30, batchSize = 256, learningRate = 0.01, l2 = 1e-4, seed = 0 } = options;
  checkSeed(seed);
  for (const [name, s] of [["train", train], ["test", test]] as const) {
    if (s.codes.rows !== s.labels.length) throw new Error(`${name}: ${s.codes.rows} codes but ${s.labels.length} labels`);
  }
  if (train.codes.cols !== test.codes.cols) throw new Error(`code sizes differ: train ${train.codes.cols}, test ${test.codes.cols}`);
  const d = train.codes.cols;
  const { mean, variance } = columnMoments(train.codes);
  const sd = variance.map((v) => Math.sqrt(v) || 1);
  const standardise = (r: Rows) => tf.tidy(() => tf.div(tf.sub(tf.tensor2d(r.values, [r.rows, d]), mean), sd) as tf.Tensor2D);
  const w = tf.tidy(() => tf.variable(tf.zeros([d, classes]))); // W [D, classes]
  const b = tf.tidy(() => tf.variable(tf.zeros([classes])));
  const optimizer = adam(learningRate);
  const x = standardise(train.codes);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(train.labels), "int32"), classes));
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = permutation(train.codes.rows, deriveSeed(seed, "probe", epoch));
      for (let start = 0; start < order.length; start += batchSize) {
        tf.tidy(() => {
          const idx = tf.tensor1d(Int32Array.from(order.subarray(start, start + batchSize)), "int32");
          const xb = tf.gather(x, idx);
          const yb = tf.gather(y, idx);
          // mean cross-entropy of softmax(x W + b) plus l2 |W|^2
          const loss = () =>
            tf.add(tf.losses.softmaxCrossEntropy(yb, tf.add(tf.matMul(xb, w), b)), tf.mul(l2, tf.sum(tf.square(w)))) as tf.Scalar;
          optimizer.minimize(loss, false, [w, b]);
        });
      }
    }
    const accuracy = async (r: Rows, labels: ArrayLike<number>) => {
      const scores = tf.tidy(() => tf.argMax(tf.add(tf.matMul(standardise(r), w), b), 1));
      const predicted = await readValues<"int32">(scores).finally(() => scores.dispose());
      let hits = 0;
      for (let i = 0; i < labels.length; i++) hits += +(predicted[i] === labels[i]);
      return hits / labels.length;
    };
    const counts = new Array<number>(classes).fill(0);
    for (let i = 0; i < train.labels.length; i++) counts[train.labels[i]]++;
    const majority = counts.indexOf(Math.max(...counts));
    let chance = 0;
    for (let i = 0; i < test.labels.length; i++) chance += +(test.labels[i] === majority);
    return {
      trainAccuracy: await accuracy(train.codes, train.labels),
      testAccuracy: await accuracy(test.codes, test.labels),
      chance: chance / test.labels.length,
      testImages: test.labels.length,
    };
  } finally {
    tf.dispose([w, b, x, y]);
    optimizer.dispose();
  }
}

/**
 * {@link linearProbe} of a model's codes: the posterior means of `train` and `test` with their labels.
 * @example (await probeModel(vae, train, test, { seed: 1 })).testAccuracy
 */
export async function probeModel(
  model: LatentModel,
  train: ImageDataset,
  test: ImageDataset,
  options: LinearProbeOptions = {},
): Promise<LinearProbeResult> {
  const labelled = async (ds: ImageDataset) => ({ codes: await latentCodes(model, ds), labels: ds.labels });
  return linearProbe(await labelled(train), await labelled(test), options);
}
