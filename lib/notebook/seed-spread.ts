import type { ImageDataset } from "../data/dataset";
import { deadUnits } from "../eval/codes/dead-units";
import { meanEstimate } from "../eval/stats/uncertainty";
import type { ModelConfig } from "../models/registry";
import type { TrainCallbacks, TrainConfig } from "../train/loop";
import { trainAll } from "../train/train-all";
import { evaluate } from "../train/test-loss";

/** Options of {@link seedSpread}. */
export interface SeedSpreadOptions {
  model: ModelConfig;
  /** The training config, without its seed: each of `seeds` in turn. */
  train: Omit<TrainConfig, "seed">;
  data: { train: ImageDataset; test?: ImageDataset };
  seeds: number[];
  /** Images the test totals are averaged over. */
  test: ImageDataset;
  /** A ReLU layer whose dead units are counted per seed (e.g. `encoder_dense`). */
  layer?: string;
  /** Live progress per seed. */
  callbacks?: (seed: number) => TrainCallbacks;
}

/** One seed's run. */
export interface SeedRun {
  seed: number;
  /** Test total (negative ELBO), nats. */
  total: number;
  /** Dead units of `layer`, when one was named. */
  dead?: number;
}

/** How far the same training ends apart across seeds. */
export interface SeedSpread {
  /** Seeds trained, epochs each, training images. */
  seeds: number;
  epochs: number;
  images: number;
  runs: SeedRun[];
  min: number;
  max: number;
  /** Mean and sample standard deviation of the totals. */
  mean: number;
  sd: number;
}

/**
 * Trains the same model with each of `seeds` (side by side, see `trainAll`; each a checkpoint, so a
 * rerun loads them), and measures how far the test totals end apart: the spread a single run's
 * comparison sits in.
 * @example (await lab.seedSpread({ model, train, data, seeds: [1, 2, 3], test })).max
 */
export async function seedSpread(o: SeedSpreadOptions): Promise<SeedSpread> {
  if (o.seeds.length < 2) throw new Error(`seedSpread: ${o.seeds.length} seed(s); a spread needs at least 2`);
  const requests = o.seeds.map((seed) => ({ model: o.model, train: { ...o.train, seed }, data: o.data, callbacks: o.callbacks?.(seed) }));
  const trained = await trainAll(requests);
  const runs: SeedRun[] = [];
  for (const [i, t] of trained.entries()) {
    const total = (await evaluate(t.model, o.test)).total;
    const layer = o.layer && (await deadUnits(t.model, o.test)).find((d) => d.layer === o.layer);
    if (o.layer && !layer) throw new Error(`seedSpread: no ReLU layer ${o.layer} in ${o.model.family}`);
    runs.push(layer ? { seed: o.seeds[i], total, dead: layer.dead } : { seed: o.seeds[i], total });
    t.model.dispose();
  }
  const totals = runs.map((r) => r.total);
  const { value: mean } = meanEstimate(totals);
  const sd = Math.sqrt(totals.reduce((s, v) => s + (v - mean) ** 2, 0) / (totals.length - 1));
  return {
    seeds: runs.length, epochs: o.train.epochs, images: o.data.train.size, runs,
    min: Math.min(...totals), max: Math.max(...totals), mean, sd,
  };
}
