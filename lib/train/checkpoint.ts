import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { readAll } from "../backend/read";
import type { DataSpec } from "../data/dataset";
import type { ModelConfig } from "../models/registry";
import { projectRoot, writeDirAtomic } from "../util/fs";
import type { TrainConfig } from "./loop";
import type { EpochRecord, StepRecord } from "./history";

/** Bumped whenever the saved layout or the meaning of a key changes; old checkpoints are ignored. */
export const CHECKPOINT_FORMAT = 2;

/** Everything that determines trained weights, and nothing else: the checkpoint's identity. */
export interface CheckpointKey {
  model: ModelConfig;
  /**
   * The training config less `evaluateEachEpoch` (no effect on the weights) and `workers` (it changes
   * only the order of float sums; the manifest records it).
   */
  train: Omit<TrainConfig, "evaluateEachEpoch" | "workers">;
  data: { train: DataSpec; test?: DataSpec };
}

/** Anything whose weights a checkpoint can hold: models of the zoo, the evaluation classifier. */
export interface WeightHolder {
  /** Copies of all weights in a fixed order (the caller disposes them). */
  getWeights(): tf.Tensor[];
  /** Replaces all weights, in the order of {@link getWeights}. */
  setWeights(weights: tf.Tensor[]): void;
}

/** What a checkpoint folder's manifest.json holds besides the weights. */
export interface Manifest<K = CheckpointKey> {
  format: number;
  id: string;
  key: K;
  weights: { shape: number[]; offset: number; length: number }[];
  sha256: string;
  history: { epochs: EpochRecord[]; steps: StepRecord[] };
  /** Backend that trained it, wall seconds of training, images per second, creation time. */
  backend: string;
  seconds: number;
  samplesPerSecond: number;
  /** Data-parallel replicas that trained the weights (absent: 1). */
  workers?: number;
  createdAt: string;
}

/** A checkpoint that is missing, partial or corrupt. The message names its path. */
export class CheckpointError extends Error {
  override name = "CheckpointError";
}

/** The folder holding checkpoints: `VAE_LAB_CHECKPOINTS`, else `data/checkpoints` in the project. */
export function checkpointRoot(): string {
  return process.env.VAE_LAB_CHECKPOINTS || path.join(projectRoot(), "data", "checkpoints");
}

/** A stable id for a key: a name (default the model family) plus 16 hex digits of a hash of the canonical key. */
export function checkpointId(key: object, name: string = (key as CheckpointKey).model.family): string {
  const hash = createHash("sha256").update(canonicalJson({ format: CHECKPOINT_FORMAT, ...key })).digest("hex");
  return `${name}-${hash.slice(0, 16)}`;
}

/** JSON with object keys sorted at every level, so equal keys hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/**
 * Writes weights and manifest into `dir` atomically (a failed write leaves the old checkpoint);
 * resolves to the manifest written. Weights are read asynchronously, so it works on webgpu too.
 */
export async function saveCheckpoint<K>(
  dir: string,
  model: WeightHolder,
  manifest: Omit<Manifest<K>, "weights" | "sha256" | "format">,
): Promise<Manifest<K>> {
  const tensors = model.getWeights();
  const shapes = tensors.map((t) => t.shape);
  let arrays: Float32Array[];
  try {
    arrays = await readAll(tensors);
  } finally {
    tf.dispose(tensors);
  }
  const bytes = Buffer.alloc(arrays.reduce((n, a) => n + a.byteLength, 0));
  let offset = 0;
  const weights = arrays.map((a, i) => {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(bytes, offset);
    const entry = { shape: shapes[i], offset, length: a.length };
    offset += a.byteLength;
    return entry;
  });
  const full: Manifest<K> = { format: CHECKPOINT_FORMAT, ...manifest, weights, sha256: sha256(bytes) };
  writeDirAtomic(dir, (tmp) => {
    fs.writeFileSync(path.join(tmp, "weights.bin"), bytes);
    fs.writeFileSync(path.join(tmp, "manifest.json"), JSON.stringify(full));
  });
  return full;
}

/** Reads and verifies a checkpoint's manifest and weights; throws {@link CheckpointError} if unusable. */
export function readCheckpoint<K = CheckpointKey>(dir: string): { manifest: Manifest<K>; weights: tf.Tensor[] } {
  const manifestPath = path.join(dir, "manifest.json");
  let manifest: Manifest<K>;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  } catch (e) {
    throw new CheckpointError(`${manifestPath}: unreadable manifest (${(e as Error).message.split("\n")[0]})`);
  }
  if (manifest.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`${manifestPath}: format ${manifest.format}, expected ${CHECKPOINT_FORMAT}`);
  }
  const weightsPath = path.join(dir, "weights.bin");
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(weightsPath);
  } catch (e) {
    throw new CheckpointError(`${weightsPath}: cannot read (${(e as NodeJS.ErrnoException).code})`);
  }
  const expected = manifest.weights.reduce((n, w) => n + 4 * w.length, 0);
  if (bytes.length !== expected) throw new CheckpointError(`${weightsPath}: ${bytes.length} bytes, expected ${expected}`);
  if (sha256(bytes) !== manifest.sha256) throw new CheckpointError(`${weightsPath}: checksum mismatch (corrupt file)`);
  const aligned = new Float32Array(new Uint8Array(bytes).buffer);
  const weights = manifest.weights.map((w) => tf.tensor(aligned.slice(w.offset / 4, w.offset / 4 + w.length), w.shape));
  return { manifest, weights };
}

/** Loads a checkpoint's weights into `model`; a shape mismatch is a {@link CheckpointError}. */
export function loadCheckpoint<K = CheckpointKey>(dir: string, model: WeightHolder): Manifest<K> {
  const { manifest, weights } = readCheckpoint<K>(dir);
  try {
    const expected = model.getWeights();
    const shapes = expected.map((t) => t.shape.join("x"));
    tf.dispose(expected);
    const got = weights.map((t) => t.shape.join("x"));
    if (got.join(",") !== shapes.join(",")) {
      throw new CheckpointError(`${dir}: weight shapes ${got.join(",")} do not match the model's ${shapes.join(",")}`);
    }
    model.setWeights(weights);
  } finally {
    tf.dispose(weights);
  }
  return manifest;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
