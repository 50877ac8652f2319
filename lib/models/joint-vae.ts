import { CategoricalLatent, CategoricalLatentOptions } from "./latents/categorical";
import { GaussianLatent } from "./latents/gaussian";
import { JointLatent } from "./latents/joint";
import { LatentModel } from "./model";
import { meanDecoder, parallelEncoder } from "./networks/compose";
import { DecoderKind, denseEncoder, imageDecoder } from "./networks/image";
import { BASE_DEFAULTS, BaseModelConfig } from "./types";

/** A joint VAE (docs 000 and 003): a Gaussian and a Gumbel-softmax latent learnt together. */
export interface JointVaeConfig extends BaseModelConfig {
  family: "joint-vae";
  /** Hidden widths of the encoder trunk(s); a dense decoder uses them reversed. */
  hidden: number[];
  /** Dimensions of the continuous latent. */
  latentDim: number;
  /** The categorical latent. Doc 003: N=5, K=65. */
  categorical: CategoricalLatentOptions;
  /** One encoder trunk for both latents (true) or one trunk each (false; doc 003 compares both). */
  sharedEncoder: boolean;
  /** `concat`: one decoder reads [z_c | z_d]; `mean`: one decoder each, images averaged (doc 000). */
  combine: "concat" | "mean";
  /** Decoder architecture: `dense` (default) or `conv`. */
  decoder: DecoderKind;
}

/** A joint VAE config: coloured MNIST, trunk 512, latent 2 + N=5 x K=65, shared trunk, one decoder. */
export function jointVaeConfig(overrides: Partial<Omit<JointVaeConfig, "family">> = {}): JointVaeConfig {
  return {
    family: "joint-vae",
    ...BASE_DEFAULTS,
    imageShape: [28, 28, 3],
    hidden: [512],
    latentDim: 2,
    categorical: { count: 5, classes: 65, temperature: 1 },
    sharedEncoder: true,
    combine: "concat",
    decoder: "dense",
    ...overrides,
  };
}

/** Builds a joint VAE with weights initialised from `seed`. */
export function buildJointVae(config: JointVaeConfig, seed: number): LatentModel<JointVaeConfig> {
  if (config.conditionClasses) throw new Error(`joint-vae: conditioning is not supported (conditionClasses ${config.conditionClasses})`);
  if (config.combine !== "concat" && config.combine !== "mean") throw new Error(`invalid combine: ${config.combine} (concat or mean)`);
  const continuous = new GaussianLatent({ dim: config.latentDim });
  const discrete = new CategoricalLatent(config.categorical);
  const latent = new JointLatent(continuous, discrete);
  const encoder = config.sharedEncoder
    ? denseEncoder(config, latent.paramSize, seed)
    : parallelEncoder("encoder", config.imageShape, [
        denseEncoder(config, continuous.paramSize, seed, "encoder_continuous"),
        denseEncoder(config, discrete.paramSize, seed, "encoder_discrete"),
      ]);
  const decoder = config.combine === "concat"
    ? imageDecoder(config, latent.codeSize, seed)
    : meanDecoder("decoder", [continuous.codeSize, discrete.codeSize], [
        imageDecoder(config, continuous.codeSize, seed, "decoder_continuous"),
        imageDecoder(config, discrete.codeSize, seed, "decoder_discrete"),
      ]);
  return new LatentModel(config, encoder, latent, decoder);
}
