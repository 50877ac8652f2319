import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { backendInfo, type BackendName } from "../backend";
import { shareDataset, type SharedDataset } from "../data/shared";
import type { EpochRecord, StepRecord } from "./history";
import { markTrainedInRun } from "./cached";
import { checkpointFor, trainOrLoad, type TrainedModel, type TrainOrLoadOptions } from "./run";
import { availableCores } from "./workers";

/** Memory assumed for one training thread (its own backend, model, optimizer and batches), MiB. */
export const TRAINING_THREAD_MIB = 1024;

/** Options of {@link trainAll}. */
export interface TrainAllOptions {
  /** Trainings run at once; default {@link trainingThreads}. 1 trains in this thread, in order. */
  concurrency?: number;
}

/** What {@link trainAll} hands a worker thread (`workerData`). */
export interface TrainingSetup {
  backend: BackendName;
  request: Pick<TrainOrLoadOptions, "model" | "train" | "retrain"> & { dir: string };
  data: { train: SharedDataset; test?: SharedDataset };
}

/** A message from a training thread. */
export type TrainingMessage =
  | { type: "step"; record: StepRecord; perEpoch: number }
  | { type: "epoch"; record: EpochRecord }
  | { type: "done" }
  | { type: "error"; message: string };

/**
 * How many trainings {@link trainAll} runs at once: one per core this process may use
 * ({@link availableCores}), no more than `pending`, and no more than the free memory holds at
 * {@link TRAINING_THREAD_MIB} each. On webgpu, 1: the GPU is one device, shared by every thread.
 */
export function trainingThreads(pending: number, backend = backendInfo()?.name, freeMiB = os.freemem() / 2 ** 20): number {
  if (backend !== "wasm") return 1;
  return Math.max(1, Math.min(pending, availableCores(), Math.floor(freeMiB / TRAINING_THREAD_MIB)));
}

/**
 * Train-or-load for several independent models at once: those without a checkpoint train side by
 * side in worker threads ({@link trainingThreads} at a time, the data shared, never copied per
 * thread), then every model loads here from its checkpoint. Each training is the same computation as
 * {@link trainOrLoad}'s, so the weights are the same bits whatever the number of threads; the
 * requests' `callbacks` see the same records, forwarded from the threads. Results keep the requests'
 * order; `loaded` is false for the models this call trained. A failed training stops new ones, lets
 * the running ones finish (their checkpoints are kept) and rejects with the first failure's line.
 * @example const [dense, conv] = await lab.trainAll([{ model: a.model, train, data }, { model: b.model, train, data }]);
 */
export async function trainAll(requests: readonly TrainOrLoadOptions[], options: TrainAllOptions = {}): Promise<TrainedModel[]> {
  const plans = requests.map((r) => ({ request: r, ...checkpointFor(r) }));
  const retrain = (r: TrainOrLoadOptions) => r.retrain ?? process.env.VAE_LAB_RETRAIN === "1";
  const pending = plans.filter((p) => retrain(p.request) || !fs.existsSync(p.dir));
  const threads = options.concurrency ?? trainingThreads(pending.length);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`invalid concurrency: ${threads} (a positive integer)`);
  if (threads === 1 || pending.length < 2) {
    const out: TrainedModel[] = [];
    for (const r of requests) out.push(await trainOrLoad(r));
    return out;
  }
  const shared = new Map<object, SharedDataset>();
  const share = (ds: TrainOrLoadOptions["data"]["train"]) => shared.get(ds) ?? shared.set(ds, shareDataset(ds)).get(ds)!;
  const backend = backendInfo()!.name;
  const trained = new Set<string>();
  let failure: Error | undefined;
  const queue = [...pending];
  const lane = async () => {
    for (let p = queue.shift(); p && !failure; p = queue.shift()) {
      const { request: r } = p;
      const setup: TrainingSetup = {
        backend,
        request: { model: r.model, train: r.train, retrain: retrain(r), dir: path.dirname(p.dir) },
        data: { train: share(r.data.train), test: r.data.test && share(r.data.test) },
      };
      try {
        await trainInThread(setup, r.callbacks);
        trained.add(p.id);
      } catch (e) {
        failure ??= new Error(`training ${p.id} in a worker thread: ${(e as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(threads, pending.length) }, lane));
  if (failure) throw failure;
  const out: TrainedModel[] = [];
  for (const r of requests) {
    const run = await trainOrLoad({ ...r, retrain: false });
    if (trained.has(run.id)) markTrainedInRun(run.id);
    out.push(trained.has(run.id) ? { ...run, loaded: false } : run);
  }
  return out;
}

function trainInThread(setup: TrainingSetup, callbacks: TrainOrLoadOptions["callbacks"]): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, "train-all-worker.js"), { workerData: setup });
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve();
    };
    worker.on("message", (m: TrainingMessage) => {
      if (m.type === "step") callbacks?.onStep?.(m.record, m.perEpoch);
      else if (m.type === "epoch") callbacks?.onEpoch?.(m.record);
      else if (m.type === "done") settle();
      else settle(new Error(m.message));
    });
    worker.on("error", (e) => settle(e));
    worker.on("exit", (code) => settle(new Error(`the thread exited (code ${code}) before its training ended`)));
  });
}

/**
 * {@link trainAll} into an object: one request per key, one trained model per key.
 * @example const runs = await lab.trainAllByKey(names, (name) => ({ model: lab.preset(name).model, train, data }));
 */
export async function trainAllByKey<K extends string>(
  keys: readonly K[],
  request: (key: K) => TrainOrLoadOptions,
  options?: TrainAllOptions,
): Promise<Record<K, TrainedModel>> {
  const runs = await trainAll(keys.map(request), options);
  return Object.fromEntries(keys.map((k, i) => [k, runs[i]])) as Record<K, TrainedModel>;
}
