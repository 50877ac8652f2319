import * as tfl from "@tensorflow/tfjs-layers";
import { Columns } from "../layers/columns";
import { MeanOfProbabilities } from "../layers/mean-of-probabilities";

/**
 * Separate encoders on one image: each reads the image, their outputs are concatenated.
 * [B, H, W, C] -> [B, sum of widths]
 */
export function parallelEncoder(name: string, imageShape: number[], parts: tfl.LayersModel[]): tfl.LayersModel {
  const input = tfl.input({ shape: imageShape, name: `${name}_input` });
  const outs = parts.map((p) => p.apply(input) as tfl.SymbolicTensor);
  const out = tfl.layers.concatenate({ name: `${name}_concat` }).apply(outs) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name });
}

/**
 * One decoder per slice of the code, their images averaged (doc 000's joint decoder).
 * [B, sum of widths] -> logits of the mean image [B, H, W, C]
 */
export function meanDecoder(name: string, widths: number[], parts: tfl.LayersModel[]): tfl.LayersModel {
  if (widths.length !== parts.length) throw new Error(`meanDecoder: ${widths.length} code slices for ${parts.length} decoders`);
  const input = tfl.input({ shape: [widths.reduce((a, b) => a + b, 0)], name: `${name}_input` });
  let start = 0;
  const outs = parts.map((p, i) => {
    const slice = new Columns({ start, size: widths[i], name: `${name}_slice${i + 1}` }).apply(input) as tfl.SymbolicTensor;
    start += widths[i];
    return p.apply(slice) as tfl.SymbolicTensor;
  });
  const out = new MeanOfProbabilities({ name: `${name}_mean` }).apply(outs) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name });
}
