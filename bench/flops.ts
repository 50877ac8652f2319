import type * as tfl from "@tensorflow/tfjs-layers";
import type { LatentModel } from "../lib/models/model";

/** Multiply-adds of one weighted layer's forward pass for one image, and whether it reads the images. */
interface LayerCost {
  name: string;
  macs: number;
  readsImages: boolean;
}

function layerCosts(net: tfl.LayersModel, readsImages: boolean): LayerCost[] {
  const costs: LayerCost[] = [];
  let first = readsImages;
  for (const layer of net.layers) {
    if ("layers" in layer) {
      costs.push(...layerCosts(layer as unknown as tfl.LayersModel, readsImages));
      continue;
    }
    const kernel = layer.weights[0]?.shape as number[] | undefined;
    if (!kernel) continue;
    const inShape = ([layer.input].flat()[0] as tfl.SymbolicTensor).shape as number[];
    const outShape = layer.outputShape as number[];
    const cls = layer.getClassName();
    const k = kernel.reduce((a, b) => a * b, 1);
    const macs = cls === "Conv2D" ? outShape[1] * outShape[2] * k : cls === "Conv2DTranspose" ? inShape[1] * inShape[2] * k : k;
    costs.push({ name: layer.name, macs, readsImages: first });
    first = false;
  }
  return costs;
}

/**
 * FLOPs of one training step on `batchSize` images: for every dense and convolutional layer, 2 per
 * multiply-add of the forward pass and of the weight gradient, and of the input gradient except for
 * the layers that read the images. Biases, element-wise work and the optimizer are not counted.
 */
export function trainingFlops(model: LatentModel, batchSize: number): number {
  const costs = [...layerCosts(model.encoder, true), ...layerCosts(model.decoder, false)];
  return costs.reduce((sum, c) => sum + 2 * c.macs * (c.readsImages ? 2 : 3), 0) * batchSize;
}
