import { DeterministicLatent } from "./latents/gaussian";
import { LatentModel } from "./model";
import { BASE_DEFAULTS, BaseModelConfig } from "./types";
import { denseEncoder, imageDecoder } from "./networks/image";

/** A deterministic dense autoencoder: the dense VAE's networks with the code taken as is (no KL). */
export interface AutoencoderConfig extends BaseModelConfig {
  family: "ae";
  /** Encoder hidden widths; the decoder uses them reversed. */
  hidden: number[];
  /** Code dimensions. */
  latentDim: number;
}

/** An autoencoder config with defaults for MNIST: 784-512-2, BCE. */
export function autoencoderConfig(overrides: Partial<Omit<AutoencoderConfig, "family">> = {}): AutoencoderConfig {
  return {
    family: "ae",
    ...BASE_DEFAULTS,
    beta: 0,
    hidden: [512],
    latentDim: 2,
    ...overrides,
  };
}

/** Builds an autoencoder with weights initialised from `seed`. */
export function buildAutoencoder(config: AutoencoderConfig, seed: number): LatentModel<AutoencoderConfig> {
  const latent = new DeterministicLatent(config.latentDim);
  return new LatentModel(config, denseEncoder(config, latent.paramSize, seed), latent, imageDecoder(config, latent.codeSize, seed));
}
