import type { ImageDataset } from "../data/dataset";
import { liveProgress } from "../display/progress";
import type { TrainConfig } from "../train/loop";
import { preset } from "../train/presets";
import { trainOrLoad, type TrainedModel } from "../train/run";

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
  const config: TrainConfig = { ...p.train, ...train };
  return trainOrLoad({ model: p.model, train: config, data, callbacks: liveProgress({ title: name, epochs: config.epochs }) });
}
