import * as tfl from "@tensorflow/tfjs-layers";
import { deriveSeed } from "../../util/random";
import { dense } from "./dense";

/** Options shared by the convolutional encoder and decoder (doc 001's Keras-example layout). */
export interface ConvNetOptions {
  name: string;
  /** Image height, width and channels; height and width divisible by 4. */
  imageShape: [number, number, number];
  /** Width of a one-hot label joined to the features or the code (0: none). */
  conditionClasses?: number;
  /** Filters of the two stride-2 convolutions. Default [32, 64]. */
  filters?: [number, number];
  seed: number;
}

/**
 * Encoder: Conv 3x3/2 (32) -> Conv 3x3/2 (64) -> flatten [-> concat one-hot] -> Dense 16 -> Dense
 * `outputUnits`, ReLU between. Inputs: images [B, H, W, C], then the one-hot label if conditioned.
 */
export function convEncoder(o: ConvNetOptions & { denseUnits?: number; outputUnits: number }): tfl.LayersModel {
  const [f1, f2] = o.filters ?? [32, 64];
  const input = tfl.input({ shape: o.imageShape, name: `${o.name}_input` });
  const inputs = [input];
  let h = conv(`${o.name}_conv1`, f1, 2, deriveSeed(o.seed, o.name, 1)).apply(input) as tfl.SymbolicTensor;
  h = conv(`${o.name}_conv2`, f2, 2, deriveSeed(o.seed, o.name, 2)).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.flatten({ name: `${o.name}_flatten` }).apply(h) as tfl.SymbolicTensor;
  if (o.conditionClasses) {
    const label = tfl.input({ shape: [o.conditionClasses], name: `${o.name}_label` });
    inputs.push(label);
    h = tfl.layers.concatenate({ name: `${o.name}_concat` }).apply([h, label]) as tfl.SymbolicTensor;
  }
  h = dense(`${o.name}_dense`, o.denseUnits ?? 16, "relu", deriveSeed(o.seed, o.name, 3)).apply(h) as tfl.SymbolicTensor;
  const out = dense(`${o.name}_out`, o.outputUnits, "linear", deriveSeed(o.seed, o.name, "out")).apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs, outputs: out, name: o.name });
}

/**
 * Decoder: [concat one-hot] -> Dense (H/4 x W/4 x 64) -> reshape -> ConvT 3x3/2 (64) -> ConvT 3x3/2
 * (32) -> ConvT 3x3/1 (C) logits. Inputs: codes [B, codeSize], then the one-hot label if conditioned.
 */
export function convDecoder(o: ConvNetOptions & { codeSize: number }): tfl.LayersModel {
  const [f1, f2] = o.filters ?? [32, 64];
  const [height, width, channels] = o.imageShape;
  if (height % 4 || width % 4) throw new Error(`conv decoder needs height and width divisible by 4, got ${height}x${width}`);
  const input = tfl.input({ shape: [o.codeSize], name: `${o.name}_input` });
  const inputs = [input];
  let h: tfl.SymbolicTensor = input;
  if (o.conditionClasses) {
    const label = tfl.input({ shape: [o.conditionClasses], name: `${o.name}_label` });
    inputs.push(label);
    h = tfl.layers.concatenate({ name: `${o.name}_concat` }).apply([h, label]) as tfl.SymbolicTensor;
  }
  const cells = (height / 4) * (width / 4) * f2;
  h = dense(`${o.name}_dense`, cells, "relu", deriveSeed(o.seed, o.name, 1)).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.reshape({ targetShape: [height / 4, width / 4, f2], name: `${o.name}_reshape` }).apply(h) as tfl.SymbolicTensor;
  h = deconv(`${o.name}_deconv1`, f2, 2, "relu", deriveSeed(o.seed, o.name, 2)).apply(h) as tfl.SymbolicTensor;
  h = deconv(`${o.name}_deconv2`, f1, 2, "relu", deriveSeed(o.seed, o.name, 3)).apply(h) as tfl.SymbolicTensor;
  const out = deconv(`${o.name}_out`, channels, 1, "linear", deriveSeed(o.seed, o.name, "out")).apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs, outputs: out, name: o.name });
}

function conv(name: string, filters: number, strides: number, seed: number): tfl.layers.Layer {
  return tfl.layers.conv2d({
    name,
    filters,
    kernelSize: 3,
    strides,
    padding: "same",
    activation: "relu",
    kernelInitializer: tfl.initializers.glorotUniform({ seed }),
  });
}

function deconv(name: string, filters: number, strides: number, activation: "relu" | "linear", seed: number): tfl.layers.Layer {
  return tfl.layers.conv2dTranspose({
    name,
    filters,
    kernelSize: 3,
    strides,
    padding: "same",
    activation,
    kernelInitializer: tfl.initializers.glorotUniform({ seed }),
  });
}
