import { deriveSeed } from "../util/random";
import { colorize } from "./colored";
import type { ImageDataset } from "./dataset";
import { loadMnist } from "./mnist";

/** The data sets presets train on. */
export type DataKind = "mnist" | "colored-mnist";

export interface LoadDataOptions {
  /** Training images (the first N). Default all 60,000. */
  trainSize?: number;
  /** Test images (the first N). Default all 10,000. */
  testSize?: number;
  /** Only these digits. Default all. */
  classes?: number[];
  /** For coloured MNIST: seed of the colour draw (each split derives its own). Default 0. */
  colorSeed?: number;
}

/**
 * Train and test splits of a data kind, optionally subset.
 * @example const { train, test } = loadData("colored-mnist", { trainSize: 5000, testSize: 1000 });
 */
export function loadData(kind: DataKind, options: LoadDataOptions = {}): { train: ImageDataset; test: ImageDataset } {
  if (kind !== "mnist" && kind !== "colored-mnist") throw new Error(`unknown data kind: ${kind} (mnist or colored-mnist)`);
  const split = (name: "train" | "test", size?: number) => {
    const gray = loadMnist({ split: name, size, classes: options.classes });
    return kind === "mnist" ? gray : colorize(gray, { seed: deriveSeed(options.colorSeed ?? 0, name) });
  };
  return { train: split("train", options.trainSize), test: split("test", options.testSize) };
}
