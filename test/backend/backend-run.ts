/**
 * A child process for the webgpu tests: trains presets a few steps on one backend and prints one
 * JSON line (losses per preset, a checkpoint's outputs, timings), or `{ "unavailable": reason }` when
 * the backend cannot start. One backend per process: webgpu holds its device until the process ends.
 *
 * node dist/test/backend/backend-run.js BACKEND '{"presets":[...],"steps":2,"batchSize":8,"seed":1,"repeat":"dense-vae-2d","save":"DIR","load":"DIR"}'
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs-core";
import { backendInfo, BackendUnavailable, countTraffic, describeBackend, initBackend, readAll, readValues, type Traffic } from "../../lib/backend";
import { imagesAt, loadData, type ImageDataset } from "../../lib/data";
import { epochBatches, stepContext, stepObjective } from "../../lib/train/step";
import { buildModel, type LatentModel } from "../../lib/models";
import { loadCheckpoint, preset, saveCheckpoint, train } from "../../lib/train";

/** What the parent asks for. */
export interface RunRequest {
  presets: string[];
  steps: number;
  batchSize: number;
  seed: number;
  /** Train this preset a second time with the same seed (determinism). */
  repeat?: string;
  /** Save the first preset's trained weights as a checkpoint here, with its outputs on a fixed batch. */
  save?: string;
  /** Load that checkpoint into the first preset's model and report its outputs on the same batch. */
  load?: string;
  /** Count the traffic of each preset's training (kernels, reads, uploads) into `traffic`. */
  traffic?: boolean;
  /** Only measure [4, 2352]·[512, 2352]ᵀ on webgpu under its packed and split-K programs into `matmul`. */
  matmul?: boolean;
}

/** What the child prints. */
export interface RunResult {
  backend: string;
  /** The backend's reproducibility line (what the goldens are keyed by). */
  reproducibility: string;
  /** Per preset, sha256 (first 16 hex digits) of every trained weight's float32 bytes, in variable order. */
  weights: Record<string, string>;
  losses: Record<string, number[]>;
  /** Per preset, the first batch's gradient of each variable: its L2 norm and its sum, in variable order. */
  gradients: Record<string, [number, number][]>;
  seconds: Record<string, number>;
  /** With `matmul`: the largest relative error of each webgpu matmul program against float64. */
  matmul?: { packed: number; splitK: number };
  /** Per preset, with `traffic`: what its whole training run dispatched, read and uploaded. */
  traffic?: Record<string, Traffic>;
  repeat?: number[];
  outputs?: number[];
}

/** Gradient norm and sum of each variable for the first training batch (Adam hides wrong gradients: its first step only sees signs). */
async function gradients(model: LatentModel, train: ImageDataset, r: RunRequest): Promise<[number, number][]> {
  const batch = epochBatches(train, { batchSize: r.batchSize, seed: r.seed, binarize: "none" }, 1).next().value!;
  const vars = model.variables();
  const { value, grads } = tf.variableGrads(() => stepObjective(model, { x: batch.x, labels: batch.labels }, stepContext(r.seed, 1), model.lossWeights()).total, vars);
  const summary = tf.tidy(() => vars.map((v) => tf.stack([tf.norm(grads[v.name]), tf.sum(grads[v.name])])));
  const values = await readAll(summary);
  tf.dispose([value, ...Object.values(grads), ...summary, batch.x, batch.labels, ...(batch.colors ? [batch.colors] : [])]);
  return values.map((v) => [v[0], v[1]]);
}

async function weightHash(model: LatentModel): Promise<string> {
  const h = createHash("sha256");
  for (const v of model.variables()) h.update(new Uint8Array((await readValues(v)).buffer));
  return h.digest("hex").slice(0, 16);
}

async function trainPreset(name: string, r: RunRequest, result?: RunResult): Promise<{ model: LatentModel; losses: number[] }> {
  const p = preset(name);
  const data = loadData(p.data, { trainSize: r.steps * r.batchSize, testSize: 8 });
  const model = buildModel(p.model, r.seed);
  if (result) result.gradients[name] = await gradients(model, data.train, r);
  const counter = r.traffic && result ? countTraffic() : undefined;
  try {
    const history = await train(model, { train: data.train }, { epochs: 1, batchSize: r.batchSize, learningRate: p.train.learningRate, seed: r.seed, workers: 1 });
    return { model, losses: history.steps.map((s) => s.loss) };
  } finally {
    if (counter && result) (result.traffic ??= {})[name] = counter.counts();
    counter?.stop();
  }
}

/** Posterior means and decoded images of the first 4 test images, flattened. */
async function outputs(model: LatentModel, kind: "mnist" | "colored-mnist"): Promise<number[]> {
  const images = imagesAt(loadData(kind, { trainSize: 1, testSize: 4 }).test, [0, 1, 2, 3]);
  const [z, decoded] = tf.tidy(() => {
    const code = model.embed(images);
    return [code, model.decode(code)];
  });
  const values = [...(await readValues(z)), ...(await readValues(decoded))];
  tf.dispose([images, z, decoded]);
  return values;
}

/**
 * The largest error of [4, 2352]·[512, 2352]ᵀ on webgpu under tfjs-backend-webgpu's matmul program
 * `program` (MatMulProgramType: 1 split-K, 3 packed), relative to the largest float64 product.
 */
async function matmulError(program: number): Promise<number> {
  const [m, n, k] = [4, 512, 2352];
  const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37));
  const b = Float32Array.from({ length: n * k }, (_, i) => Math.cos(i * 0.11));
  const was = tf.env().get("WEBGPU_MATMUL_PROGRAM_TYPE");
  tf.env().set("WEBGPU_MATMUL_PROGRAM_TYPE", program);
  const c = tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [n, k]), false, true);
  const got = await readValues(c);
  tf.env().set("WEBGPU_MATMUL_PROGRAM_TYPE", was);
  c.dispose();
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
      scale = Math.max(scale, Math.abs(s));
      worst = Math.max(worst, Math.abs(got[i * n + j] - s));
    }
  }
  return worst / scale;
}

/** Runs a request on the backend already chosen in this process. */
export async function runPresets(r: RunRequest): Promise<RunResult> {
  const info = backendInfo()!;
  const result: RunResult = { backend: describeBackend(info), reproducibility: info.reproducibility, weights: {}, losses: {}, gradients: {}, seconds: {} };
  const first = r.presets[0];
  if (r.matmul) {
    result.matmul = { packed: await matmulError(3), splitK: await matmulError(1) };
    return result;
  }
  if (r.load) {
    const model = buildModel(preset(first).model, r.seed + 1);
    loadCheckpoint(r.load, model);
    result.outputs = await outputs(model, preset(first).data);
    model.dispose();
    return result;
  }
  for (const name of r.presets) {
    const t0 = performance.now();
    const { model, losses } = await trainPreset(name, r, result);
    result.seconds[name] = (performance.now() - t0) / 1000;
    result.losses[name] = losses;
    result.weights[name] = await weightHash(model);
    if (name === first && r.save) {
      result.outputs = await outputs(model, preset(name).data);
      await saveCheckpoint(r.save, model, { id: "webgpu-test", key: { preset: name }, createdAt: "", backend: info.name, seconds: 0, samplesPerSecond: 0, history: { epochs: [], steps: [] } });
    }
    model.dispose();
  }
  if (r.repeat) {
    const again = await trainPreset(r.repeat, r);
    result.repeat = again.losses;
    again.model.dispose();
  }
  return result;
}

/**
 * Runs this file in a child process on `backend` (one backend per process: webgpu holds its device
 * until its process ends, OpenBLAS picks its kernels when it loads) and resolves with its result,
 * or `{ unavailable }` when the backend cannot start. `env` replaces the child's environment.
 */
export function runInChild(backend: string, request: RunRequest, o: { env?: NodeJS.ProcessEnv; seconds?: number } = {}): Promise<RunResult & { unavailable?: string }> {
  const seconds = o.seconds ?? 240;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [__filename, backend, JSON.stringify(request)], { stdio: ["ignore", "pipe", "pipe"], env: o.env ?? process.env });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      p.kill("SIGKILL");
    }, seconds * 1000);
    p.on("close", (code, signal) => {
      clearTimeout(timer);
      if (late) return reject(new Error(`${backend} child did not exit within ${seconds} s; stderr: ${err.slice(-500)}`));
      if (signal) return reject(new Error(`${backend} child was killed by ${signal}; stderr: ${err.slice(-500)}`));
      if (code !== 0) return reject(new Error(`${backend} child exited ${code}: ${err.slice(-1500)}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1)!));
    });
  });
}

async function main(): Promise<void> {
  const [backend, json] = process.argv.slice(2);
  try {
    await initBackend({ backend: backend as "cpu", quiet: true });
  } catch (e) {
    if (!(e instanceof BackendUnavailable)) throw e;
    return void console.log(JSON.stringify({ unavailable: e.message }));
  }
  console.log(JSON.stringify(await runPresets(JSON.parse(json) as RunRequest)));
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  });
}
