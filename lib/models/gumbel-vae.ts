import { CategoricalLatent, CategoricalLatentOptions } from "./latents/categorical";
import { LatentModel } from "./model";
import { DecoderKind, denseEncoder, imageDecoder } from "./networks/image";
import { BASE_DEFAULTS, BaseModelConfig } from "./types";

/** A discrete VAE (doc 000): MLP encoder to N x K logits, Gumbel-softmax codes, MLP decoder. */
export interface GumbelVaeConfig extends BaseModelConfig {
  family: "gumbel-vae";
  /** Encoder hidden widths; a dense decoder uses them reversed. Doc 000: [512, 256]. */
  hidden: number[];
  /** The categorical latent: N variables of K classes, temperature and its schedule. */
  categorical: CategoricalLatentOptions;
  /** Decoder architecture: `dense` (default) or `conv`. */
  decoder: DecoderKind;
}

/** A Gumbel VAE config with doc 000's defaults: coloured MNIST, 512-256, N=3, K=20, temperature 1. */
export function gumbelVaeConfig(overrides: Partial<Omit<GumbelVaeConfig, "family">> = {}): GumbelVaeConfig {
  return {
    family: "gumbel-vae",
    ...BASE_DEFAULTS,
    imageShape: [28, 28, 3],
    hidden: [512, 256],
    categorical: { count: 3, classes: 20, temperature: 1 },
    decoder: "dense",
    ...overrides,
  };
}

/** Builds a Gumbel VAE with weights initialised from `seed`. */
export function buildGumbelVae(config: GumbelVaeConfig, seed: number): LatentModel<GumbelVaeConfig> {
  const latent = new CategoricalLatent(config.categorical);
  return new LatentModel(config, denseEncoder(config, latent.paramSize, seed), latent, imageDecoder(config, latent.codeSize, seed));
}
