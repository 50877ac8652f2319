import type * as pl from "nodejs-polars";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { readAll } from "../../backend/read";
import { batches } from "../../data/batches";
import type { ImageDataset } from "../../data/dataset";
import type { LatentModel } from "../../models/model";

/** How many units of one ReLU layer never fire. */
export interface DeadUnits {
  /** `encoder` or `decoder`. */
  network: string;
  layer: string;
  /** Units of the layer: a Dense layer's width, a convolution's channels. */
  units: number;
  /** Units whose output is 0 for every image of the data set (at every position, for a convolution). */
  dead: number;
}

/**
 * Dead ReLU units of a model's encoder and decoder over a data set: for every top-level Dense or
 * convolutional layer with a ReLU, the units that output 0 for all images. The encoder reads the
 * images, the decoder their posterior means (and a conditional model's digits). A dead unit passes
 * no gradient, so it stays dead: a narrow layer that loses most of its units (the conv VAE's Dense 16)
 * limits what the model can still learn.
 * @example (await deadUnits(model, test)).find((d) => d.layer === "encoder_dense") // { units: 16, dead: 14, ... }
 */
export async function deadUnits(model: LatentModel, ds: ImageDataset, batchSize = 250): Promise<DeadUnits[]> {
  const probes = ([["encoder", model.encoder], ["decoder", model.decoder]] as const).map(([network, net]) => {
    const layers = net.layers.filter((l) => (l.getConfig() as { activation?: string }).activation === "relu");
    const probe = layers.length ? tfl.model({ inputs: net.inputs, outputs: layers.map((l) => l.output as tfl.SymbolicTensor) }) : undefined;
    return { network, layers, probe, max: layers.map(() => new Float32Array(0)) };
  });
  for (const batch of batches(ds, { batchSize, shuffle: false })) {
    const labels = model.conditional ? tf.oneHot(batch.labels, model.config.conditionClasses) : undefined;
    const z = model.embed(batch.x, batch.labels);
    try {
      for (const [n, p] of probes.entries()) {
        if (!p.probe) continue;
        const input = n === 0 ? batch.x : z;
        const maxima = tf.tidy(() => {
          const o = p.probe!.predict(labels ? [input, tf.cast(labels, "float32")] : input);
          return (Array.isArray(o) ? o : [o]).map((t) => tf.max(t, t.shape.slice(0, -1).map((_, i) => i)));
        });
        const outs = await readAll(maxima).finally(() => tf.dispose(maxima));
        outs.forEach((m, i) => (p.max[i] = p.max[i].length ? p.max[i].map((v, j) => Math.max(v, m[j])) : m));
      }
    } finally {
      tf.dispose([batch.x, batch.labels, z, ...(labels ? [labels] : []), ...(batch.colors ? [batch.colors] : [])]);
    }
  }
  return probes.flatMap((p) =>
    p.layers.map((l, i) => ({ network: p.network, layer: l.name, units: p.max[i].length, dead: p.max[i].filter((v) => v <= 0).length })),
  );
}

/**
 * Dead units as a DataFrame, one row per layer: network, layer, units, dead (integers).
 * @example deadUnitsFrame(await deadUnits(model, test))
 */
export function deadUnitsFrame(rows: DeadUnits[]): pl.DataFrame {
  const p: typeof pl = require("nodejs-polars");
  return p.DataFrame({
    network: rows.map((r) => r.network),
    layer: rows.map((r) => r.layer),
    units: p.Series("units", rows.map((r) => r.units), p.Int32),
    dead: p.Series("dead", rows.map((r) => r.dead), p.Int32),
  });
}
