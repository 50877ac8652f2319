import { AutoencoderConfig, buildAutoencoder } from "./ae";
import { buildConvVae, ConvVaeConfig } from "./conv-vae";
import { buildGumbelVae, GumbelVaeConfig } from "./gumbel-vae";
import { buildJointVae, JointVaeConfig } from "./joint-vae";
import type { LatentModel } from "./model";
import { buildVae, VaeConfig } from "./vae";

/** The config of any model of the zoo; `family` says which. */
export type ModelConfig = VaeConfig | AutoencoderConfig | ConvVaeConfig | GumbelVaeConfig | JointVaeConfig;

type Builder = (config: any, seed: number) => LatentModel;
const BUILDERS: Record<ModelConfig["family"], Builder> = {
  vae: buildVae,
  ae: buildAutoencoder,
  "conv-vae": buildConvVae,
  "gumbel-vae": buildGumbelVae,
  "joint-vae": buildJointVae,
};

/** The model families the zoo can build. */
export const FAMILIES = Object.keys(BUILDERS) as ModelConfig["family"][];

/**
 * Builds any model of the zoo from its config, weights initialised from `seed`.
 * @example const model = buildModel(vaeConfig({ latentDim: 2 }), 1);
 */
export function buildModel(config: ModelConfig, seed: number): LatentModel<ModelConfig> {
  const build = BUILDERS[config.family];
  if (!build) throw new Error(`unknown model family: ${(config as { family: string }).family} (choose one of ${FAMILIES.join(", ")})`);
  return build(config, seed) as LatentModel<ModelConfig>;
}
