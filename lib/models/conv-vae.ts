import { GaussianLatent } from "./latents/gaussian";
import { LatentModel } from "./model";
import { convDecoder, convEncoder } from "./networks/conv";
import { BASE_DEFAULTS, BaseModelConfig } from "./types";

/**
 * A convolutional VAE (doc 001, the Keras example): two stride-2 convolutions and Dense 16 encode,
 * a Dense layer and three transposed convolutions decode. With `conditionClasses: 10` it is the
 * conditional conv VAE: the label's one-hot joins the encoder's features and the decoder's input.
 */
export interface ConvVaeConfig extends BaseModelConfig {
  family: "conv-vae";
  /** Latent dimensions. Doc 001: 2. */
  latentDim: number;
  /** Width of the encoder's dense layer before the latent head. Default 16. */
  denseUnits: number;
}

/** A conv VAE config with defaults for MNIST: latent 2, BCE, beta 1, unconditional. */
export function convVaeConfig(overrides: Partial<Omit<ConvVaeConfig, "family">> = {}): ConvVaeConfig {
  return {
    family: "conv-vae",
    ...BASE_DEFAULTS,
    latentDim: 2,
    denseUnits: 16,
    ...overrides,
  };
}

/** Builds a conv VAE with weights initialised from `seed`. */
export function buildConvVae(config: ConvVaeConfig, seed: number): LatentModel<ConvVaeConfig> {
  const latent = new GaussianLatent({ dim: config.latentDim });
  const common = { imageShape: config.imageShape, conditionClasses: config.conditionClasses, seed };
  const encoder = convEncoder({ ...common, name: "encoder", denseUnits: config.denseUnits, outputUnits: latent.paramSize });
  const decoder = convDecoder({ ...common, name: "decoder", codeSize: latent.codeSize });
  return new LatentModel(config, encoder, latent, decoder);
}
