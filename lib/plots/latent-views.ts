import type { LatentViews } from "../eval/codes/latent-views";
import type { Figure } from "./figure";
import { imageGrid } from "./image-grid";
import { latentGrid } from "./latent-grid";
import { latentScatter } from "./latent-scatter";
import { latentTraversal } from "./strips";

export interface LatentViewFigureOptions {
  /** The model's name, at the start of every title. */
  name: string;
}

/**
 * One model's figures from its {@link LatentViews}: test codes coloured by digit and by palette colour
 * (PCA said in the axes when the code is wider than 2), the decoded 2-D continuous grid when there is
 * one, originals above reconstructions above prior samples, and the traversal of every factor.
 * @example latentViewFigures(latentViews(model, test, { seed: 1 }), { name: "gumbel-vae" }).forEach((f) => show(f))
 */
export function latentViewFigures(v: LatentViews, o: LatentViewFigureOptions): Figure[] {
  const how = v.scatter.pca ? `PCA of the ${v.scatter.codeSize}-wide code` : "the 2-D code";
  const scatter = (colorBy: "digit" | "palette") =>
    latentScatter({ codes: v.scatter.codes, labels: colorBy === "digit" ? v.scatter.digits : v.scatter.colors! }, {
      title: `${o.name}: test codes (${how}) by ${colorBy === "digit" ? "digit" : "colour"}`,
      colorBy,
      pca: v.scatter.pca,
      width: 560,
      height: 460,
    });
  const figures = [scatter("digit"), ...(v.scatter.colors ? [scatter("palette")] : [])];
  if (v.grid) {
    const rest = v.grid.restFixed ? ", categorical code of one test image" : "";
    const title = `${o.name}: decoded over the continuous plane${rest}`;
    figures.push(latentGrid(v.grid.images, { xs: v.grid.xs, ys: v.grid.ys, scale: 2, title }));
  }
  figures.push(imageGrid([
    { label: "test image", images: v.originals },
    { label: "reconstruction", images: v.reconstructions },
    { label: "prior sample", images: v.samples },
  ], { title: `${o.name}: test images, their reconstructions, prior samples` }));
  figures.push(latentTraversal(v.traversal, {
    values: Array.from({ length: v.steps }, (_, i) => String(i + 1)),
    title: `${o.name}: one factor turned per row, the rest fixed`,
    xTitle: "setting (z: 2% to 98% quantile of the test codes; c: most used classes first)",
  }));
  return figures;
}
