import * as tfl from "@tensorflow/tfjs-layers";
import { deriveSeed } from "../../util/random";

export interface DenseNetOptions {
  /** Name prefix of the layers, e.g. `encoder`. */
  name: string;
  /** Shape of one input, e.g. [28, 28, 1] (flattened first) or [latentDim]. */
  inputShape: number[];
  /** Width of a one-hot label joined to the input (0: none). */
  conditionClasses?: number;
  /** Hidden layer widths, each followed by a ReLU. */
  hidden: number[];
  /** Width of the linear output layer. */
  outputUnits: number;
  /** Reshape the output to this shape, e.g. [28, 28, 1]. Default: leave it flat. */
  outputShape?: number[];
  /** Seed of the weight initialisers; each layer derives its own. */
  seed: number;
}

/**
 * A multilayer perceptron as a tfjs-layers model: [flatten], [concat one-hot], dense+ReLU per hidden
 * width, a linear output, [reshape]. Inputs: the tensor, then the one-hot label if conditioned.
 */
export function denseNet(o: DenseNetOptions): tfl.LayersModel {
  const input = tfl.input({ shape: o.inputShape, name: `${o.name}_input` });
  const inputs = [input];
  let h = o.inputShape.length > 1 ? (tfl.layers.flatten({ name: `${o.name}_flatten` }).apply(input) as tfl.SymbolicTensor) : input;
  if (o.conditionClasses) {
    const label = tfl.input({ shape: [o.conditionClasses], name: `${o.name}_label` });
    inputs.push(label);
    h = tfl.layers.concatenate({ name: `${o.name}_concat` }).apply([h, label]) as tfl.SymbolicTensor;
  }
  o.hidden.forEach((units, i) => {
    h = dense(`${o.name}_dense${i + 1}`, units, "relu", deriveSeed(o.seed, o.name, i)).apply(h) as tfl.SymbolicTensor;
  });
  let out = dense(`${o.name}_out`, o.outputUnits, "linear", deriveSeed(o.seed, o.name, "out")).apply(h) as tfl.SymbolicTensor;
  if (o.outputShape) out = tfl.layers.reshape({ targetShape: o.outputShape, name: `${o.name}_reshape` }).apply(out) as tfl.SymbolicTensor;
  return tfl.model({ inputs, outputs: out, name: o.name });
}

/** A dense layer with a seeded Glorot-uniform kernel and zero bias. */
export function dense(name: string, units: number, activation: "relu" | "linear", seed: number): tfl.layers.Layer {
  if (!Number.isInteger(units) || units < 1) throw new Error(`invalid layer width for ${name}: ${units}`);
  return tfl.layers.dense({
    name,
    units,
    activation,
    kernelInitializer: tfl.initializers.glorotUniform({ seed }),
    biasInitializer: "zeros",
  });
}
