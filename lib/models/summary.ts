import type * as pl from "nodejs-polars";
import type * as tfl from "@tensorflow/tfjs-layers";
import type { LatentModel } from "./model";

/** One layer of an encoder or decoder network, as a model summary lists it. */
export interface LayerSummary {
  /** The network it belongs to: `encoder` or `decoder`. */
  network: string;
  /** The layer's name in the network, e.g. `encoder_conv1`. */
  name: string;
  /** The tfjs-layers class, e.g. `Conv2D`, `Dense`, `InputLayer`; a nested network reads `Model`. */
  kind: string;
  /** Settings that define it, e.g. `32 filters 3x3, stride 2, relu`; empty when it has none. */
  detail: string;
  /** Output shape without the batch dimension, e.g. [14, 14, 32]. */
  outputShape: number[];
  /** Trainable and fixed weights it holds. */
  params: number;
  /** Names of the layers it reads (empty for an input). */
  inputs: string[];
}

/** What a model of the zoo is made of: its layers in order, encoder then decoder, and the latent between them. */
export interface ModelSummary {
  family: string;
  layers: LayerSummary[];
  /** The latent layer between the networks: its class, the encoder width it reads and the code width it hands on. */
  latent: { kind: string; paramSize: number; codeSize: number };
  /** Weights of encoder and decoder together. */
  totalParams: number;
  /** Whether any layer is a convolution or a transposed convolution. */
  convolutional: boolean;
}

const CONV_KINDS = new Set(["Conv1D", "Conv2D", "Conv2DTranspose", "Conv3D", "SeparableConv2D", "DepthwiseConv2D"]);

/**
 * The layers of a model's encoder and decoder, read from the tfjs-layers networks themselves (names,
 * classes, settings, output shapes, weights, connections), for a table ({@link summaryFrame}) or a
 * diagram (`modelDiagram` in plots). Works for every model of the zoo.
 * @example modelSummary(model).convolutional // false for dense-vae-2d
 */
export function modelSummary(model: LatentModel): ModelSummary {
  const layers = [...networkLayers("encoder", model.encoder), ...networkLayers("decoder", model.decoder)];
  return {
    family: model.config.family,
    layers,
    latent: { kind: model.latent.constructor.name, paramSize: model.latent.paramSize, codeSize: model.latent.codeSize },
    totalParams: layers.reduce((n, l) => n + l.params, 0),
    convolutional: layers.some((l) => CONV_KINDS.has(l.kind)),
  };
}

/**
 * The summary as a DataFrame, one row per layer: network, name, kind, detail, output shape (as
 * text, e.g. `14x14x32`) and parameters.
 * @example summaryFrame(modelSummary(model))
 */
export function summaryFrame(summary: ModelSummary): pl.DataFrame {
  const p: typeof pl = require("nodejs-polars");
  const rows = summary.layers;
  const frame = p.DataFrame({
    network: rows.map((l) => l.network),
    layer: rows.map((l) => l.name),
    kind: rows.map((l) => l.kind),
    detail: rows.map((l) => l.detail),
    output: rows.map((l) => formatShape(l.outputShape)),
    params: rows.map((l) => l.params),
  });
  return frame.withColumn(p.col("params").cast(p.Int64));
}

/** A shape without its batch dimension as `14x14x32`. */
export function formatShape(shape: number[]): string {
  return shape.join("x");
}

function networkLayers(network: string, net: tfl.LayersModel): LayerSummary[] {
  const own = new Set(net.layers);
  return net.layers.map((layer) => {
    // A nested network also has the node of its own construction; take the one inside `net`.
    const node = layer.inboundNodes.find((n) => n.inboundLayers.length > 0 && n.inboundLayers.every((l) => own.has(l)));
    return {
      network,
      name: layer.name,
      kind: kindOf(layer),
      detail: detailOf(layer),
      outputShape: outputShapeOf(layer),
      params: layer.countParams(),
      inputs: (node?.inboundLayers ?? []).map((l) => l.name),
    };
  });
}

function kindOf(layer: tfl.layers.Layer): string {
  const name = layer.getClassName();
  return name === "Functional" || name === "Model" || name === "Sequential" ? "Model" : name;
}

function outputShapeOf(layer: tfl.layers.Layer): number[] {
  const shape = layer.outputShape as (number | null)[] | (number | null)[][];
  const first = Array.isArray(shape[0]) ? (shape[0] as (number | null)[]) : (shape as (number | null)[]);
  return first.slice(1).map((d) => d ?? -1);
}

function detailOf(layer: tfl.layers.Layer): string {
  const c = layer.getConfig() as Record<string, unknown>;
  const act = typeof c.activation === "string" && c.activation !== "linear" ? c.activation : "";
  const parts: string[] = [];
  switch (kindOf(layer)) {
    case "Dense":
      parts.push(`${c.units} units`);
      break;
    case "Conv2D":
    case "Conv2DTranspose": {
      const k = c.kernelSize as number[];
      const s = c.strides as number[];
      const filters = `${c.filters} ${c.filters === 1 ? "filter" : "filters"} ${k.join("x")}`;
      parts.push(filters, `stride ${s[0] === s[1] ? s[0] : s.join("x")}`, `${c.padding}`);
      break;
    }
    case "Reshape":
      parts.push(`to ${formatShape(c.targetShape as number[])}`);
      break;
    case "Concatenate":
      parts.push("joins its inputs");
      break;
    case "Model":
      parts.push(`${(layer as tfl.LayersModel).layers.length} layers`);
      break;
  }
  if (act) parts.push(act);
  return parts.join(", ");
}
