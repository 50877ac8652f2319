import * as path from "node:path";
import type { ImageDataset } from "../data/dataset";
import { backendInfo } from "../backend";
import type { LatentModel } from "../models/model";
import { buildModel, ModelConfig } from "../models/registry";
import { cachedTraining } from "./cached";
import { checkpointId, checkpointRoot, type CheckpointKey } from "./checkpoint";
import { History } from "./history";
import { CheckedTrainConfig, checkTrainConfig, train, TrainCallbacks, TrainConfig } from "./loop";
import { resolveWorkers } from "./workers";

export interface TrainOrLoadOptions {
  model: ModelConfig;
  train: TrainConfig;
  data: { train: ImageDataset; test?: ImageDataset };
  /** Train even if a checkpoint exists. Default: environment `VAE_LAB_RETRAIN=1`, else false. */
  retrain?: boolean;
  /** Checkpoint folder. Default {@link checkpointRoot}. */
  dir?: string;
  callbacks?: TrainCallbacks;
}

/** A trained model with how it came to be. */
export interface TrainedModel {
  model: LatentModel<ModelConfig>;
  history: History;
  /** True when the weights came from a checkpoint and no training ran. */
  loaded: boolean;
  /** Data-parallel replicas of the run that trained the weights (1: the single-thread loop). */
  workers: number;
  /** The checkpoint's id and folder. */
  id: string;
  path: string;
  /** Backend, wall seconds and images per second of the training run (stored with the checkpoint). */
  backend: string;
  seconds: number;
  samplesPerSecond: number;
}

/**
 * Train-or-load: returns the model from its checkpoint when one exists for exactly this model,
 * training config, data and seed (not the worker count: a checkpoint trained with two workers loads
 * on a machine that would train with one, so a grader never waits); otherwise trains and saves it atomically (see {@link cachedTraining}:
 * another process training the same checkpoint is waited for, a corrupt checkpoint retrained).
 * @example const { model, history } = await trainOrLoad({ model: preset("dense-vae-2d").model, train, data });
 */
export async function trainOrLoad(options: TrainOrLoadOptions): Promise<TrainedModel> {
  const { trainConfig, key, id, dir } = checkpointFor(options);
  const model = buildModel(options.model, trainConfig.seed);
  const { manifest, loaded } = await cachedTraining({
    id, dir, key, seed: trainConfig.seed, holder: model,
    retrain: options.retrain ?? process.env.VAE_LAB_RETRAIN === "1",
    train: async () => {
      const started = performance.now();
      const history = await train(model, options.data, trainConfig, options.callbacks);
      const seconds = (performance.now() - started) / 1000;
      const trainSeconds = history.last?.trainSeconds ?? seconds;
      const samplesPerSecond = (options.data.train.size * trainConfig.epochs) / Math.max(trainSeconds, 1e-9);
      return {
        history: history.toJSON(),
        backend: backendInfo()?.name ?? "unknown",
        seconds,
        samplesPerSecond,
        workers: (trainConfig.workers as number | undefined) ?? 1,
      };
    },
  });
  const { backend, seconds, samplesPerSecond, workers = 1 } = manifest;
  return { model, history: History.fromJSON(manifest.history), loaded, workers, id, path: dir, backend, seconds, samplesPerSecond };
}

/** Where a request's weights live: its checked config, checkpoint key, id and folder. */
export function checkpointFor(options: TrainOrLoadOptions): {
  trainConfig: CheckedTrainConfig;
  key: CheckpointKey;
  id: string;
  dir: string;
} {
  const trainConfig = withWorkers(checkTrainConfig(options.train), options.model.family);
  const { evaluateEachEpoch: _e, workers: _w, ...identity } = trainConfig;
  const key: CheckpointKey = {
    model: options.model,
    train: identity,
    data: { train: options.data.train.spec, test: options.data.test?.spec },
  };
  const id = checkpointId(key);
  return { trainConfig, key, id, dir: path.join(options.dir ?? checkpointRoot(), id) };
}

/**
 * The config with `workers` resolved to a count and left out when 1, so the checkpoint key of a
 * single-thread run is the key it had before workers existed.
 */
export function withWorkers(c: CheckedTrainConfig, family: string): CheckedTrainConfig {
  const { workers, ...rest } = c;
  const n = resolveWorkers(workers, family);
  return n > 1 ? { ...rest, workers: n } : rest;
}
