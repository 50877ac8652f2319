import { countTraffic, type Traffic } from "../lib/backend/traffic";
import { loadData } from "../lib/data/load";
import { buildModel } from "../lib/models/registry";
import { preset } from "../lib/train/presets";
import { train } from "../lib/train/loop";
import { resolveWorkers, Workers } from "../lib/train/workers";
import { trainingFlops } from "./flops";

export interface BenchOptions {
  batchSize: number;
  /** Steps per timed window. */
  steps: number;
  /** Timed windows; the median is reported. */
  windows: number;
  /** Untimed steps first (with workers, the first also starts the threads). */
  warmup: number;
  /** Data-parallel replicas, as `TrainConfig.workers`. Default 1. */
  workers?: Workers;
}

/** One model's measurements. */
export interface BenchResult {
  model: string;
  batchSize: number;
  /** Data-parallel replicas the run used. */
  workers: number;
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
  /** Per step over the timed windows: kernels dispatched, device-to-host reads (by JavaScript, and by kernels), host-to-device uploads. */
  perStep: Traffic;
}

/**
 * Trains a preset with Adam through the library's training loop (so `workers` takes the same route as
 * real runs) on real batches and times the steps: the median of windows after warm-up.
 */
export async function benchModel(name: string, o: BenchOptions): Promise<BenchResult> {
  const p = preset(name);
  const total = o.warmup + o.steps * o.windows;
  const stepsPerEpoch = Math.min(total, Math.max(1, Math.floor(60000 / o.batchSize)));
  const { train: data } = loadData(p.data, { trainSize: stepsPerEpoch * o.batchSize, testSize: 1 });
  const model = buildModel(p.model, 1);
  const config = {
    epochs: Math.ceil(total / stepsPerEpoch),
    batchSize: o.batchSize,
    learningRate: p.train.learningRate,
    seed: 1,
    evaluateEachEpoch: false,
    workers: o.workers,
  };
  const stamps: number[] = [];
  const cpuStamps: number[] = [];
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const enough = new Error("enough steps");
  const t0 = performance.now();
  const cpu0 = cpuMs();
  const traffic = countTraffic();
  let atWarmup: Traffic | undefined;
  let atEnd: Traffic | undefined;
  try {
    // Stamped when each step is dispatched: wasm and cpu run a step's kernels before returning, and
    // losses are read only every READ_EVERY steps, so onStep would arrive in bursts.
    await train(model, { train: data }, config, {
      onDispatch: () => {
        cpuStamps.push(cpuMs());
        const n = stamps.push(performance.now());
        if (n === o.warmup) atWarmup = traffic.counts();
        if (n === total) {
          atEnd = traffic.counts();
          throw enough;
        }
      },
    });
  } catch (e) {
    if (e !== enough) throw e;
  } finally {
    traffic.stop();
  }
  const from = atWarmup ?? { kernels: 0, reads: 0, kernelReads: 0, uploads: 0 };
  const timed = o.steps * o.windows;
  const keys = Object.keys(from) as (keyof Traffic)[];
  const perStep = Object.fromEntries(keys.map((k) => [k, round((atEnd![k] - from[k]) / timed, 2)])) as unknown as Traffic;
  const at = (k: number) => (k === 0 ? t0 : stamps[k - 1]);
  const cpuAt = (k: number) => (k === 0 ? cpu0 : cpuStamps[k - 1]);
  const windowsMs: number[] = [];
  const windowsCpuMs: number[] = [];
  for (let w = 0; w < o.windows; w++) {
    const [a, b] = [o.warmup + w * o.steps, o.warmup + (w + 1) * o.steps];
    windowsMs.push((at(b) - at(a)) / o.steps);
    windowsCpuMs.push((cpuAt(b) - cpuAt(a)) / o.steps);
  }
  const msPerStep = median(windowsMs);
  const flopsPerStep = trainingFlops(model, o.batchSize);
  model.dispose();
  return {
    model: name,
    batchSize: o.batchSize,
    workers: resolveWorkers(o.workers, p.model.family),
    samplesPerSecond: round((o.batchSize * 1000) / msPerStep, 1),
    msPerStep: round(msPerStep, 2),
    cpuMsPerStep: round(median(windowsCpuMs), 2),
    gflopPerSecond: round(flopsPerStep / msPerStep / 1e6, 2),
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
    windowsMs: windowsMs.map((m) => round(m, 2)),
    windowsCpuMs: windowsCpuMs.map((m) => round(m, 2)),
    flopsPerStep,
    perStep,
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
