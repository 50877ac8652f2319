import * as tf from "@tensorflow/tfjs-core";
import { batches, Batch } from "../lib/data/batches";
import { loadData } from "../lib/data/load";
import { buildModel } from "../lib/models/registry";
import { preset } from "../lib/models/presets";
import { totalLoss } from "../lib/models/types";
import { adam } from "../lib/train/adam";
import { deriveSeed } from "../lib/util/random";
import { trainingFlops } from "./flops";

export interface BenchOptions {
  batchSize: number;
  /** Steps per timed window. */
  steps: number;
  /** Timed windows; the median is reported. */
  windows: number;
  /** Untimed steps first. */
  warmup: number;
}

/** One model's measurements. */
export interface BenchResult {
  model: string;
  batchSize: number;
  samplesPerSecond: number;
  msPerStep: number;
  /** Median CPU time per step of this process (all its threads), ms: steadier than wall time when other processes share the cores. */
  cpuMsPerStep: number;
  gflopPerSecond: number;
  peakRssMiB: number;
  /** ms per step of every window, for the spread. */
  windowsMs: number[];
  /** CPU ms per step of every window. */
  windowsCpuMs: number[];
  flopsPerStep: number;
}

/** Trains a preset with Adam (VAE Lab's fused one, see lib/train/adam.ts) on real batches and times the steps (median of windows after warm-up). */
export function benchModel(name: string, o: BenchOptions): BenchResult {
  const p = preset(name);
  const need = o.batchSize * (o.warmup + o.steps * o.windows);
  const { train } = loadData(p.data, { trainSize: Math.min(60000, need), testSize: 1 });
  const model = buildModel(p.model, 1);
  const optimizer = adam(p.train.learningRate);
  const variables = model.variables();
  const weights = model.lossWeights();
  let epoch = 0;
  let stream = batches(train, { batchSize: o.batchSize, seed: 1, epoch, dropRemainder: true });
  const nextBatch = (): Batch => {
    let r = stream.next();
    if (r.done) {
      stream = batches(train, { batchSize: o.batchSize, seed: 1, epoch: ++epoch, dropRemainder: true });
      r = stream.next();
    }
    return r.value;
  };
  let step = 0;
  const runStep = () => {
    const b = nextBatch();
    step++;
    const ctx = { training: true, seed: deriveSeed(1, "noise", step), step };
    const cost = optimizer.minimize(() => totalLoss(model.forward({ x: b.x, labels: b.labels }, ctx).terms, weights), true, variables)!;
    cost.dataSync();
    tf.dispose([cost, b.x, b.labels, ...(b.colors ? [b.colors] : [])]);
  };
  for (let i = 0; i < o.warmup; i++) runStep();
  const windowsMs: number[] = [];
  const windowsCpuMs: number[] = [];
  for (let w = 0; w < o.windows; w++) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < o.steps; i++) runStep();
    const cpu = process.cpuUsage(cpu0);
    windowsMs.push((performance.now() - t0) / o.steps);
    windowsCpuMs.push((cpu.user + cpu.system) / 1000 / o.steps);
  }
  const msPerStep = median(windowsMs);
  const flopsPerStep = trainingFlops(model, o.batchSize);
  optimizer.dispose();
  model.dispose();
  return {
    model: name,
    batchSize: o.batchSize,
    samplesPerSecond: round((o.batchSize * 1000) / msPerStep, 1),
    msPerStep: round(msPerStep, 2),
    cpuMsPerStep: round(median(windowsCpuMs), 2),
    gflopPerSecond: round(flopsPerStep / msPerStep / 1e6, 2),
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
    windowsMs: windowsMs.map((m) => round(m, 2)),
    windowsCpuMs: windowsCpuMs.map((m) => round(m, 2)),
    flopsPerStep,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
