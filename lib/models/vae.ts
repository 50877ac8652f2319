import { GaussianLatent } from "./latents/gaussian";
import { LatentModel } from "./model";
import { denseNet } from "./networks/dense";
import type { BaseModelConfig } from "./types";

/** A dense VAE: MLP encoder, diagonal Gaussian latent, mirrored MLP decoder. */
export interface VaeConfig extends BaseModelConfig {
  family: "vae";
  /** Encoder hidden widths; the decoder uses them reversed. Seed 001: [512]; seed 002: [392]. */
  hidden: number[];
  /** Latent dimensions. Seed 001: 2; seed 002: 100. */
  latentDim: number;
  /** Seed 002's variant: draw the mean from N(mu, 1) before the usual draw. Default false. */
  sampledMean: boolean;
}

/** A dense VAE config with defaults for MNIST: 784-512-2, BCE, beta 1. */
export function vaeConfig(overrides: Partial<Omit<VaeConfig, "family">> = {}): VaeConfig {
  return {
    family: "vae",
    imageShape: [28, 28, 1],
    reconstructionLoss: "bce",
    beta: 1,
    conditionClasses: 0,
    hidden: [512],
    latentDim: 2,
    sampledMean: false,
    ...overrides,
  };
}

/** Builds a dense VAE with weights initialised from `seed`. */
export function buildVae(config: VaeConfig, seed: number): LatentModel<VaeConfig> {
  const latent = new GaussianLatent({ dim: config.latentDim, sampledMean: config.sampledMean });
  const [encoder, decoder] = denseNetworks(config, latent.paramSize, latent.codeSize, seed);
  return new LatentModel(config, encoder, latent, decoder);
}

/** Encoder and decoder MLPs for an image model with the given latent widths (shared by AE and VAE). */
export function denseNetworks(config: BaseModelConfig & { hidden: number[] }, paramSize: number, codeSize: number, seed: number) {
  const pixels = config.imageShape.reduce((a, b) => a * b, 1);
  const encoder = denseNet({
    name: "encoder",
    inputShape: config.imageShape,
    conditionClasses: config.conditionClasses,
    hidden: config.hidden,
    outputUnits: paramSize,
    seed,
  });
  const decoder = denseNet({
    name: "decoder",
    inputShape: [codeSize],
    conditionClasses: config.conditionClasses,
    hidden: [...config.hidden].reverse(),
    outputUnits: pixels,
    outputShape: config.imageShape,
    seed,
  });
  return [encoder, decoder] as const;
}
