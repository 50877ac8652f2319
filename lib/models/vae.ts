import { GaussianLatent } from "./latents/gaussian";
import { LatentModel } from "./model";
import { DecoderKind, denseEncoder, imageDecoder } from "./networks/image";
import { BASE_DEFAULTS, BaseModelConfig } from "./types";

/** A dense VAE: MLP encoder, diagonal Gaussian latent, mirrored MLP (or transposed-conv) decoder. */
export interface VaeConfig extends BaseModelConfig {
  family: "vae";
  /** Encoder hidden widths; a dense decoder uses them reversed. Doc 001: [512]; doc 002: [392]. */
  hidden: number[];
  /** Latent dimensions. Doc 001: 2; doc 002: 100. */
  latentDim: number;
  /** Doc 002's variant: draw the mean from N(mu, 1) before the usual draw. Default false. */
  sampledMean: boolean;
  /** Decoder architecture: `dense` (default) or `conv` (doc 001's transposed convolutions). */
  decoder: DecoderKind;
}

/** A dense VAE config with defaults for MNIST: 784-512-2, BCE, beta 1. */
export function vaeConfig(overrides: Partial<Omit<VaeConfig, "family">> = {}): VaeConfig {
  return {
    family: "vae",
    ...BASE_DEFAULTS,
    hidden: [512],
    latentDim: 2,
    sampledMean: false,
    decoder: "dense",
    ...overrides,
  };
}

/** Builds a dense VAE with weights initialised from `seed`. */
export function buildVae(config: VaeConfig, seed: number): LatentModel<VaeConfig> {
  const latent = new GaussianLatent({ dim: config.latentDim, sampledMean: config.sampledMean });
  return new LatentModel(config, denseEncoder(config, latent.paramSize, seed), latent, imageDecoder(config, latent.codeSize, seed));
}
