import type { Figure } from "./figure";
import { imageGrid, ImageGridOptions, ImageRow } from "./image-grid";

/**
 * Interpolation strips: one row per model (e.g. AE and VAE) between the same two test images, with
 * the interpolation weight under each column.
 * @example interpolationStrip([{ label: "AE", images: ae }, { label: "VAE", images: vae }])
 */
export function interpolationStrip(rows: ImageRow[], o: Omit<ImageGridOptions, "columnLabels"> = {}): Figure {
  const steps = Math.max(...rows.map((r) => r.images.shape[0]));
  const labels = Array.from({ length: steps }, (_, i) => (steps > 1 ? (i / (steps - 1)).toFixed(2) : "0"));
  return imageGrid(rows, { title: "Interpolation", xTitle: "weight of the end image", ...o, columnLabels: labels });
}

/**
 * A latent traversal: each row sweeps one latent dimension (or one categorical variable's classes)
 * while the rest of the code stays fixed; columns are the swept values.
 * @example latentTraversal([{ label: "z[0]", images }], { values: [-2, -1, 0, 1, 2] })
 */
export function latentTraversal(rows: ImageRow[], o: ImageGridOptions & { values: (number | string)[] }): Figure {
  const columnLabels = o.values.map((v) => (typeof v === "number" ? v.toFixed(1) : v));
  return imageGrid(rows, { title: "Latent traversal", xTitle: "value of the swept coordinate", ...o, columnLabels });
}
