import * as path from "node:path";
import * as fs from "node:fs";
import type { ImageDataset } from "../data/dataset";
import { backendInfo } from "../backend";
import type { LatentModel } from "../models/model";
import { buildModel, ModelConfig } from "../models/registry";
import { warnOnce } from "../util/warn";
import { checkpointId, checkpointRoot, CheckpointError, loadCheckpoint, saveCheckpoint } from "./checkpoint";
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
  /** Data-parallel replicas of the training run (1: the single-thread loop). */
  workers: number;
  /** The checkpoint's id and folder. */
  id: string;
  path: string;
  /** Backend, wall seconds and images per second of the training run (stored with the checkpoint). */
  backend: string;
  seconds: number;
  samplesPerSecond: number;
}

/** One train-or-load call of this process: what the report's provenance lists. */
export interface TrainingRun {
  id: string;
  path: string;
  seed: number;
  loaded: boolean;
}

const runs: TrainingRun[] = [];

/** Every train-or-load run of this process so far, in order. */
export function trainingRuns(): readonly TrainingRun[] {
  return runs;
}

/** Adds a run to {@link trainingRuns} (train-or-load does; so does any other cached training). */
export function noteTrainingRun(run: TrainingRun): void {
  runs.push(run);
}

/**
 * Train-or-load: returns the model from its checkpoint when one exists for exactly this model,
 * training config, data and seed; otherwise trains and saves it atomically. A corrupt checkpoint is
 * reported in one line with its path and retrained, never used.
 * @example const { model, history } = await trainOrLoad({ model: preset("dense-vae-2d").model, train, data });
 */
export async function trainOrLoad(options: TrainOrLoadOptions): Promise<TrainedModel> {
  const trainConfig = withWorkers(checkTrainConfig(options.train), options.model.family);
  const key = { model: options.model, train: trainConfig, data: { train: options.data.train.spec, test: options.data.test?.spec } };
  const id = checkpointId(key);
  const workers = (trainConfig.workers as number | undefined) ?? 1;
  const dir = path.join(options.dir ?? checkpointRoot(), id);
  const retrain = options.retrain ?? process.env.VAE_LAB_RETRAIN === "1";
  const model = buildModel(options.model, trainConfig.seed);
  if (!retrain && fs.existsSync(dir)) {
    try {
      const manifest = loadCheckpoint(dir, model);
      const { backend, seconds, samplesPerSecond } = manifest;
      noteTrainingRun({ id, path: dir, seed: trainConfig.seed, loaded: true });
      return { model, history: History.fromJSON(manifest.history), loaded: true, workers, id, path: dir, backend, seconds, samplesPerSecond };
    } catch (e) {
      if (!(e instanceof CheckpointError)) throw e;
      warnOnce(`checkpoint unusable, retraining: ${e.message}`);
    }
  }
  const started = performance.now();
  const history = await train(model, options.data, trainConfig, options.callbacks);
  const seconds = (performance.now() - started) / 1000;
  const trainSeconds = history.last?.trainSeconds ?? seconds;
  const samplesPerSecond = (options.data.train.size * trainConfig.epochs) / Math.max(trainSeconds, 1e-9);
  const backend = backendInfo()?.name ?? "unknown";
  saveCheckpoint(dir, model, { id, key, history: history.toJSON(), backend, seconds, samplesPerSecond, createdAt: new Date().toISOString() });
  noteTrainingRun({ id, path: dir, seed: trainConfig.seed, loaded: false });
  return { model, history, loaded: false, workers, id, path: dir, backend, seconds, samplesPerSecond };
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
