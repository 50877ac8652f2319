import type { ImageDataset } from "../data/dataset";
import { liveProgress } from "../display/progress";
import type { TrainConfig } from "../train/loop";
import { preset } from "../train/presets";
import { trainOrLoad, type TrainedModel, type TrainOrLoadOptions } from "../train/run";

/**
 * {@link trainOrLoad} with live progress titled `title` (the notebooks' way to train one model).
 * @example const ae = await lab.trainWithProgress("autoencoder", { model, train, data: { train, test } });
 */
export function trainWithProgress(title: string, options: Omit<TrainOrLoadOptions, "callbacks">): Promise<TrainedModel> {
  return trainOrLoad({ ...options, callbacks: liveProgress({ title, epochs: options.train.epochs }) });
}

/**
 * Trains preset `name` on `data` with `seed`, or loads its checkpoint, with the preset's training
 * settings overridden by `train` (a notebook's epochs) and live progress titled by the name.
 * @example const plain = await lab.trainPreset("mlp-vae-100", data, { epochs, seed });
 */
export function trainPreset(
  name: string,
  data: { train: ImageDataset; test?: ImageDataset },
  train: Partial<TrainConfig> & { seed: number },
): Promise<TrainedModel> {
  const p = preset(name);
  return trainWithProgress(name, { model: p.model, train: { ...p.train, ...train }, data });
}

/** What a trained model cost: seconds of training, images per second and trainable weights (a metrics row). */
export interface TrainingCost {
  seconds: number;
  imagesPerSecond: number;
  parameters: number;
}

/**
 * A trained model's {@link TrainingCost}, e.g. one row per model of a notebook's training table.
 * @example lab.metricsFrame(names.map((n) => ({ name: n, metrics: lab.trainingCost(runs[n]) })))
 */
export function trainingCost(run: TrainedModel): TrainingCost {
  return { seconds: run.seconds, imagesPerSecond: run.samplesPerSecond, parameters: run.model.countParams() };
}
