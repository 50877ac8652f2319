import * as path from "node:path";
import { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import { backendInfo, BackendName } from "../../backend";
import type { Batch, Binarize } from "../../data/batches";
import type { ImageDataset } from "../../data/dataset";
import { shareDataset, type SharedDataset } from "../../data/shared";
import type { LatentModel } from "../../models/model";
import type { ModelConfig } from "../../models/registry";
import type { ForwardContext, LossWeights } from "../../models/types";
import { NonFiniteLossError, StepOutcome, WorkerError } from "../step";
import { Exchange, ExchangeBuffers } from "./exchange";
import { Replica } from "./replica";

type WaitAsync = (a: Int32Array, index: number, value: number, timeout?: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
const live = new Set<Worker>();

/** Worker threads of data-parallel training alive in this process; 0 when none runs. */
export function liveWorkers(): number {
  return live.size;
}

/** What a worker of a data-parallel run receives once, at its start (`workerData`). */
export interface WorkerSetup {
  /** This worker's replica index (1 .. replicas - 1; the main thread is replica 0). */
  index: number;
  replicas: number;
  /** Backend of the main thread, initialised again in the worker. */
  backend: BackendName;
  model: ModelConfig;
  config: { epochs: number; batchSize: number; learningRate: number; seed: number; binarize: Binarize };
  lossWeights: LossWeights;
  /** Trainable parameter count P. */
  params: number;
  /** The main thread's initial weights, float32, concatenated in getWeights order. */
  weights: { buffer: SharedArrayBuffer; shapes: number[][] };
  /** The training set, shared, never copied per step. */
  data: SharedDataset;
  exchange: ExchangeBuffers;
  /** The fault this worker raises (see {@link PoolOptions}); absent in every real run. */
  fault?: WorkerFault;
}

/** A failure worker `worker` raises at training step `step`: it throws, posts a NaN loss, or exits its thread. */
export interface WorkerFault {
  worker: number;
  step: number;
  kind: "throw" | "nan" | "exit";
}

/** How a {@link WorkerPool} runs beyond what it trains. */
export interface PoolOptions {
  /**
   * Failures to raise in the workers, at most one per worker, so tests can check how training
   * stops when a worker fails. Default none.
   */
  faults?: readonly WorkerFault[];
}

/**
 * The main thread's side of data-parallel training: replica 0 trains the caller's model, workers
 * 1 .. replicas - 1 train copies of it in their own threads, each on its slice of every batch. Always
 * {@link close} it, which stops and terminates the workers.
 */
export class WorkerPool {
  private readonly exchange: Exchange;
  private readonly replica: Replica;
  private readonly workers: Worker[] = [];
  private readonly failed: Promise<never>;
  private reject!: (e: Error) => void;
  private failure?: Error;
  private where = { epoch: 0, step: 0 };

  constructor(
    model: LatentModel,
    train: ImageDataset,
    config: WorkerSetup["config"],
    replicas: number,
    lossWeights: LossWeights,
    options: PoolOptions = {},
  ) {
    const backend = backendInfo()?.name;
    if (!backend) throw new Error(`workers: ${replicas} needs a backend chosen first: await initBackend()`);
    // Replicas read gradients synchronously, which webgpu cannot do under Node; one GPU needs none.
    if (backend === "webgpu") throw new Error(`workers: ${replicas} is not supported on webgpu (use workers 1)`);
    const params = model.variables().reduce((s, v) => s + v.size, 0);
    this.exchange = new Exchange(replicas, params);
    this.replica = new Replica(model, this.exchange, 0, config.learningRate, lossWeights);
    this.failed = new Promise<never>((_, reject) => (this.reject = reject));
    this.failed.catch(() => undefined);
    const base = {
      replicas, backend, model: model.config as ModelConfig, config, lossWeights, params,
      weights: sharedWeights(model), data: shareDataset(train), exchange: this.exchange.buffers,
    };
    try {
      for (let index = 1; index < replicas; index++) {
        this.spawn({ ...base, index, fault: options.faults?.find((f) => f.worker === index) });
      }
    } catch (e) {
      void this.close();
      throw e;
    }
  }

  /** Trains one step on `batch`: this thread's slice here, the others in the workers; Adam on the sum. */
  async step(batch: Batch, ctx: ForwardContext & { step: number }, epoch: number): Promise<StepOutcome> {
    this.where = { epoch, step: ctx.step };
    if (this.failure) throw this.failure;
    const names = this.replica.post(batch, ctx);
    await this.waitForWorkers(ctx.step);
    for (let r = 0; r < this.exchange.replicas; r++) {
      const { terms, total, weight } = this.exchange.readTerms(ctx.step, r);
      if (weight === 0) continue;
      const who = r === 0 ? "main thread" : `worker ${r}`;
      const at = `at epoch ${epoch}, step ${ctx.step}`;
      for (const t of names) {
        if (!Number.isFinite(terms[t])) throw new NonFiniteLossError(`non-finite loss ${at}: ${t} = ${terms[t]} (${who})`);
      }
      if (!Number.isFinite(total)) throw new NonFiniteLossError(`non-finite loss ${at}: total = ${total} (${who})`);
    }
    this.replica.apply(ctx.step);
    const combined = this.exchange.combinedTerms(ctx.step);
    return { loss: combined.total, terms: names.map((t) => [t, combined.terms[t]]) };
  }

  /** Stops the workers, waits until their threads are gone and frees the optimizer. */
  async close(): Promise<void> {
    this.failure ??= new WorkerError("worker pool closed");
    this.exchange.abort();
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.replica.dispose();
  }

  private spawn(setup: WorkerSetup): void {
    const worker = new Worker(path.join(__dirname, "worker.js"), { workerData: setup });
    const r = setup.index;
    let done = false;
    live.add(worker);
    this.workers.push(worker);
    worker.on("message", (m: { type: string; message?: string; epoch?: number; step?: number }) => {
      if (m.type === "done") done = true;
      else if (m.type === "error") {
        this.fail(`worker ${r} failed ${m.step ? `at epoch ${m.epoch}, step ${m.step}` : "to start"}: ${m.message}`);
      }
    });
    worker.on("error", (e) => {
      this.fail(`worker ${r} failed at epoch ${this.where.epoch}, step ${this.where.step}: ${String(e.message).split("\n")[0]}`);
    });
    worker.on("exit", (code) => {
      live.delete(worker);
      if (!done) this.fail(`worker ${r} exited with code ${code} at epoch ${this.where.epoch}, step ${this.where.step}`);
    });
  }

  private fail(message: string): void {
    if (this.failure) return;
    this.failure = new WorkerError(message);
    this.reject(this.failure);
    this.exchange.abort();
  }

  private async waitForWorkers(step: number): Promise<void> {
    for (let r = 1; r < this.exchange.replicas; r++) {
      for (let seen = this.exchange.posted(r); seen < step; seen = this.exchange.posted(r)) {
        if (this.failure) throw this.failure;
        const w = waitAsync(this.exchange.control, this.exchange.postedIndex(r), seen, 1000);
        if (w.async) await Promise.race([w.value, this.failed]);
      }
    }
  }
}

function sharedWeights(model: LatentModel): WorkerSetup["weights"] {
  const weights = model.getWeights();
  const buffer = new SharedArrayBuffer(4 * weights.reduce((s, w) => s + w.size, 0));
  const flat = new Float32Array(buffer);
  let offset = 0;
  for (const w of weights) {
    flat.set(w.dataSync() as Float32Array, offset);
    offset += w.size;
  }
  tf.dispose(weights);
  return { buffer, shapes: weights.map((w) => w.shape) };
}
