import * as fs from "node:fs";
import * as path from "node:path";
import { acquireLock } from "../util/lock";
import { warnOnce } from "../util/warn";
import { CheckpointError, loadCheckpoint, saveCheckpoint, type Manifest, type WeightHolder } from "./checkpoint";

/** What a training run hands back to be stored beside the weights. */
export type TrainingReport = Omit<Manifest<unknown>, "format" | "id" | "key" | "weights" | "sha256" | "createdAt">;

/** Options of {@link cachedTraining}. */
export interface CachedTrainingOptions<K> {
  /** The checkpoint's id and folder (see `checkpointId`). */
  id: string;
  dir: string;
  /** Everything that decides the weights; stored in the manifest. */
  key: K;
  /** The run's seed, for the provenance list. */
  seed: number;
  /** Train even when the checkpoint exists. */
  retrain: boolean;
  /** The freshly built model: weights are loaded into it, or `train` trains it in place. */
  holder: WeightHolder;
  /** Trains `holder`; called only when no usable checkpoint exists. */
  train(): Promise<TrainingReport>;
  /** Where the wait for another process is said. Default: a `vae-lab:` line on stderr. */
  say?: (line: string) => void;
}

/** One cached training of this process: what the report's provenance lists. */
export interface TrainingRun {
  id: string;
  path: string;
  seed: number;
  loaded: boolean;
}

const RUNS: unique symbol = Symbol.for("vae-lab.training-runs") as any;

/** Every cached training of this process so far (models and classifiers), in order. */
export function trainingRuns(): readonly TrainingRun[] {
  return ((globalThis as any)[RUNS] ??= []) as TrainingRun[];
}

/**
 * Train-or-load, for anything whose weights a checkpoint holds: loads `dir` when it exists and is
 * sound; otherwise takes the lock `<dir>.lock`, trains, saves atomically and releases. A process that
 * finds the lock held waits and then loads what the owner saved, so two processes never train the
 * same checkpoint twice; a lock whose owner died is taken over. A corrupt checkpoint is said in one
 * line with its path and retrained. A training that fails saves nothing and names the checkpoint's id
 * in its message.
 */
export async function cachedTraining<K>(o: CachedTrainingOptions<K>): Promise<{ manifest: Manifest<K>; loaded: boolean }> {
  const note = (loaded: boolean) => (trainingRuns() as TrainingRun[]).push({ id: o.id, path: o.dir, seed: o.seed, loaded });
  const load = (): Manifest<K> | undefined => {
    if (o.retrain || !fs.existsSync(o.dir)) return undefined;
    try {
      return loadCheckpoint<K>(o.dir, o.holder);
    } catch (e) {
      if (!(e instanceof CheckpointError)) throw e;
      warnOnce(`checkpoint unusable, retraining: ${e.message}`);
      return undefined;
    }
  };
  const found = load();
  if (found) {
    note(true);
    return { manifest: found, loaded: true };
  }
  const say = o.say ?? ((line: string) => warnOnce(line));
  fs.mkdirSync(path.dirname(o.dir), { recursive: true });
  const release = await acquireLock(`${o.dir}.lock`, {
    say,
    waiting: (owner) => `process ${owner.pid} is training ${o.id} (since ${owner.started}); waiting to load it`,
  });
  try {
    const trained = load();
    if (trained) {
      note(true);
      return { manifest: trained, loaded: true };
    }
    const report = await o.train().catch((e: unknown) => {
      if (e instanceof Error) e.message = `training ${o.id}: ${e.message}`;
      throw e;
    });
    const manifest = await saveCheckpoint<K>(o.dir, o.holder, { ...report, id: o.id, key: o.key, createdAt: new Date().toISOString() });
    note(false);
    return { manifest, loaded: false };
  } finally {
    release();
  }
}

/**
 * Records that this process's latest run of checkpoint `id` was trained in this run, by one of its
 * worker threads (see `trainAll`), although the main thread then loaded the weights.
 */
export function markTrainedInRun(id: string): void {
  const run = [...trainingRuns()].reverse().find((r) => r.id === id);
  if (run) (run as TrainingRun).loaded = false;
}
