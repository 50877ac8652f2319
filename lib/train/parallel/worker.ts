import { parentPort, workerData } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../../backend";
import { sharedImageDataset } from "../../data/shared";
import { buildModel } from "../../models/registry";
import { epochBatches, stepContext } from "../step";
import { Exchange } from "./exchange";
import { Replica } from "./replica";
import type { WorkerSetup } from "./pool";

// A worker thread of a data-parallel run (see pool.ts). It rebuilds the model from the main thread's
// weights and walks the same batches in the same order, training on its slice of each.

const setup = workerData as WorkerSetup;
let epoch = 0;
let step = 0;

class Aborted extends Error {}

function waitForAll(exchange: Exchange, s: number): void {
  for (let r = 0; r < exchange.replicas; r++) {
    for (let seen = exchange.posted(r); seen < s; seen = exchange.posted(r)) {
      if (exchange.aborted) throw new Aborted();
      Atomics.wait(exchange.control, exchange.postedIndex(r), seen, 250);
    }
  }
  if (exchange.aborted) throw new Aborted();
}

async function run(): Promise<void> {
  await initBackend({ backend: setup.backend, quiet: true });
  const c = setup.config;
  const model = buildModel(setup.model, c.seed);
  const flat = new Float32Array(setup.weights.buffer);
  let offset = 0;
  const weights = setup.weights.shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(flat.slice(offset, offset + size), shape, "float32");
    offset += size;
    return t;
  });
  model.setWeights(weights);
  tf.dispose(weights);
  const exchange = new Exchange(setup.replicas, setup.params, setup.exchange);
  const replica = new Replica(model, exchange, setup.index, c.learningRate, setup.lossWeights);
  const ds = sharedImageDataset(setup.data);
  for (epoch = 1; epoch <= c.epochs; epoch++) {
    for (const batch of epochBatches(ds, c, epoch)) {
      step++;
      const kind = setup.fault?.step === step ? setup.fault.kind : undefined;
      if (kind === "throw") throw new Error("injected fault");
      if (kind === "exit") process.exit(3);
      try {
        replica.compute(batch, stepContext(c.seed, step));
      } finally {
        tf.dispose([batch.x, batch.labels, ...(batch.colors ? [batch.colors] : [])]);
      }
      if (kind === "nan") {
        const weight = exchange.readTerms(step, setup.index).weight;
        exchange.writeTerms(step, setup.index, { reconstruction: NaN }, NaN, weight);
      }
      exchange.post(setup.index, step);
      waitForAll(exchange, step);
      replica.apply(step);
    }
  }
  replica.dispose();
  model.dispose();
}

run().then(
  () => parentPort!.postMessage({ type: "done" }),
  (e: Error) => {
    if (e instanceof Aborted) return;
    parentPort!.postMessage({ type: "error", message: String(e?.message ?? e).split("\n")[0], epoch, step });
  },
);
