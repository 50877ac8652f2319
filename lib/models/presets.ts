import type { Binarize } from "../data/batches";
import { autoencoderConfig } from "./ae";
import type { ModelConfig } from "./registry";
import { vaeConfig } from "./vae";

/** A named model with the data and training its source describes. */
export interface Preset {
  name: string;
  /** One line for `--list`. */
  description: string;
  /** Which assignment problem it serves (1-4). */
  problem: number;
  model: ModelConfig;
  /** `mnist`, or `colored-mnist` for problem 3. */
  data: "mnist" | "colored-mnist";
  /** Training defaults from the source: the CLI and notebooks can override them. */
  train: { epochs: number; batchSize: number; learningRate: number; binarize: Binarize };
}

const PRESETS: Preset[] = [
  {
    name: "dense-vae-2d",
    description: "dense VAE 784-512-2-512-784, BCE (problem 1, dense model)",
    problem: 1,
    model: vaeConfig({ hidden: [512], latentDim: 2 }),
    data: "mnist",
    train: { epochs: 30, batchSize: 128, learningRate: 1e-3, binarize: "none" },
  },
  {
    name: "ae-2d",
    description: "deterministic autoencoder 784-512-2-512-784, BCE (problem 4)",
    problem: 4,
    model: autoencoderConfig({ hidden: [512], latentDim: 2 }),
    data: "mnist",
    train: { epochs: 20, batchSize: 128, learningRate: 1e-3, binarize: "none" },
  },
];

/** Every preset, in the order `--list` prints them. */
export function presets(): readonly Preset[] {
  return PRESETS;
}

/** The preset of that name; an unknown name is an error listing the valid ones. */
export function preset(name: string): Preset {
  const p = PRESETS.find((q) => q.name === name);
  if (!p) throw new Error(`unknown model: ${name} (choose one of ${PRESETS.map((q) => q.name).join(", ")})`);
  return p;
}
