import type { Binarize } from "../data/batches";
import { autoencoderConfig } from "../models/ae";
import { convVaeConfig } from "../models/conv-vae";
import { gumbelVaeConfig } from "../models/gumbel-vae";
import { jointVaeConfig } from "../models/joint-vae";
import type { ModelConfig } from "../models/registry";
import { vaeConfig } from "../models/vae";
import type { Workers } from "./workers";

/**
 * A named model with the data and training its source describes. Sources are the assignment's
 * documents, named by number: "doc 001" is `001_*.txt` (never a random seed).
 */
export interface Preset {
  name: string;
  /** One line for `--list`. */
  description: string;
  /** Which assignment problem it serves (1-4). */
  problem: number;
  model: ModelConfig;
  /** `mnist`, or `colored-mnist` for problem 3. */
  data: "mnist" | "colored-mnist";
  /**
   * Training defaults from the source: the CLI and notebooks can override them. `workers` (default
   * 1) is the data-parallel choice, see `TrainConfig.workers`.
   */
  train: { epochs: number; batchSize: number; learningRate: number; binarize: Binarize; workers?: Workers };
}

const KERAS = { epochs: 30, batchSize: 128, learningRate: 1e-3, binarize: "none" } as const;
// Conv VAEs trained measurably faster with two data-parallel workers on wasm (TrainConfig.workers).
const KERAS_CONV = { ...KERAS, workers: "auto" } as const;
const DOC_002 = { epochs: 100, batchSize: 128, learningRate: 1e-3, binarize: "none" } as const;
const DOC_000 = { epochs: 20, batchSize: 28, learningRate: 1e-3, binarize: "none" } as const;
const COLORED = [28, 28, 3] as [number, number, number];

const PRESETS: Preset[] = [
  {
    name: "dense-vae-2d", problem: 1, data: "mnist", train: KERAS,
    description: "dense VAE 784-512-2-512-784, BCE (doc 001)",
    model: vaeConfig({ hidden: [512], latentDim: 2 }),
  },
  {
    name: "conv-vae-2d", problem: 1, data: "mnist", train: KERAS_CONV,
    description: "conv VAE, Keras example: conv 32/64 s2, dense 16, latent 2, deconv 64/32/1 (doc 001)",
    model: convVaeConfig({ latentDim: 2 }),
  },
  {
    name: "cond-conv-vae-2d", problem: 1, data: "mnist", train: KERAS_CONV,
    description: "conditional conv VAE: label one-hot joins encoder features and decoder input (doc 001)",
    model: convVaeConfig({ latentDim: 2, conditionClasses: 10 }),
  },
  {
    name: "mlp-vae-100", problem: 2, data: "mnist", train: DOC_002,
    description: "dense VAE 784-392-100, BCE (doc 002)",
    model: vaeConfig({ hidden: [392], latentDim: 100 }),
  },
  {
    name: "mlp-vae-100-mse", problem: 2, data: "mnist", train: DOC_002,
    description: "dense VAE 784-392-100, squared-error reconstruction (doc 002)",
    model: vaeConfig({ hidden: [392], latentDim: 100, reconstructionLoss: "mse" }),
  },
  {
    name: "mlp-vae-100-sampled-mean", problem: 2, data: "mnist", train: DOC_002,
    description: "dense VAE 784-392-100, mean drawn from N(mu, 1) before sampling (doc 002)",
    model: vaeConfig({ hidden: [392], latentDim: 100, sampledMean: true }),
  },
  {
    name: "colored-vae-2d", problem: 3, data: "colored-mnist", train: DOC_000,
    description: "continuous VAE on coloured MNIST, 2352-512-2 (doc 000)",
    model: vaeConfig({ imageShape: COLORED, hidden: [512], latentDim: 2 }),
  },
  {
    name: "gumbel-vae", problem: 3, data: "colored-mnist", train: DOC_000,
    description: "discrete VAE on coloured MNIST, 512-256, Gumbel-softmax N=3 K=20 temperature 1 (doc 000)",
    model: gumbelVaeConfig(),
  },
  {
    name: "gumbel-vae-6x25", problem: 3, data: "colored-mnist", train: DOC_000,
    description: "discrete VAE on coloured MNIST, 512-256, Gumbel-softmax N=6 K=25 temperature 1 (doc 003)",
    model: gumbelVaeConfig({ categorical: { count: 6, classes: 25, temperature: 1 } }),
  },
  {
    name: "joint-vae", problem: 3, data: "colored-mnist", train: DOC_000,
    description: "joint VAE on coloured MNIST: latent 2 + N=5 K=65, shared trunk, one decoder (doc 003)",
    model: jointVaeConfig({ hidden: [512, 256] }),
  },
  {
    name: "joint-vae-separate", problem: 3, data: "colored-mnist", train: DOC_000,
    description: "joint VAE with separate encoder trunks, latent 2 + N=5 K=65 (doc 003)",
    model: jointVaeConfig({ hidden: [512, 256], sharedEncoder: false }),
  },
  {
    name: "joint-vae-conv", problem: 3, data: "colored-mnist", train: DOC_000,
    description: "joint VAE with a transposed-conv decoder, latent 2 + N=5 K=65 (doc 003)",
    model: jointVaeConfig({ hidden: [512, 256], decoder: "conv" }),
  },
  {
    name: "joint-vae-mean", problem: 3, data: "colored-mnist", train: DOC_000,
    description: "joint VAE as doc 000: separate continuous and N=3 K=20 VAEs, images averaged",
    model: jointVaeConfig({
      hidden: [512, 256],
      sharedEncoder: false,
      combine: "mean",
      categorical: { count: 3, classes: 20, temperature: 1 },
    }),
  },
  {
    name: "joint-vae-concat-3x20", problem: 3, data: "colored-mnist", train: DOC_000,
    description:
      "joint-vae-mean with one decoder on the concatenated code instead of two averaged:" +
      " separate trunks, latent 2 + N=3 K=20 (docs 000, 003)",
    model: jointVaeConfig({
      hidden: [512, 256],
      sharedEncoder: false,
      categorical: { count: 3, classes: 20, temperature: 1 },
    }),
  },
  {
    name: "ae-2d", problem: 4, data: "mnist", train: { ...KERAS, epochs: 20 },
    description: "deterministic autoencoder 784-512-2-512-784, BCE (doc 004)",
    model: autoencoderConfig({ hidden: [512], latentDim: 2 }),
  },
  {
    name: "vae-2d", problem: 4, data: "mnist", train: { ...KERAS, epochs: 20 },
    description: "dense VAE 784-512-2 to compare with ae-2d; set beta for beta-VAE (doc 004)",
    model: vaeConfig({ hidden: [512], latentDim: 2 }),
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
