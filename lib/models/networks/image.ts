import * as tfl from "@tensorflow/tfjs-layers";
import type { BaseModelConfig } from "../types";
import { convDecoder } from "./conv";
import { denseNet } from "./dense";

/** Decoder architecture of the dense-encoder families: an MLP or doc 001's transposed convolutions. */
export type DecoderKind = "dense" | "conv";

/** What an encoder/decoder pair of the dense families needs from a config. */
export type DenseFamilyConfig = BaseModelConfig & { hidden: number[]; decoder?: DecoderKind };

/** An MLP encoder from images to `outputUnits` latent parameters. */
export function denseEncoder(config: DenseFamilyConfig, outputUnits: number, seed: number, name = "encoder"): tfl.LayersModel {
  return denseNet({
    name,
    inputShape: config.imageShape,
    conditionClasses: config.conditionClasses,
    hidden: config.hidden,
    outputUnits,
    seed,
  });
}

/** A decoder from codes of width `codeSize` to image logits: mirrored MLP or transposed convolutions. */
export function imageDecoder(config: DenseFamilyConfig, codeSize: number, seed: number, name = "decoder"): tfl.LayersModel {
  const kind = config.decoder ?? "dense";
  if (kind === "conv") {
    return convDecoder({ name, imageShape: config.imageShape, conditionClasses: config.conditionClasses, codeSize, seed });
  }
  if (kind !== "dense") throw new Error(`invalid decoder: ${kind} (dense or conv)`);
  const pixels = config.imageShape.reduce((a, b) => a * b, 1);
  return denseNet({
    name,
    inputShape: [codeSize],
    conditionClasses: config.conditionClasses,
    hidden: [...config.hidden].reverse(),
    outputUnits: pixels,
    outputShape: config.imageShape,
    seed,
  });
}
