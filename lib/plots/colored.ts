import { PALETTE, type PaletteColor } from "../data/colored";
import { pixelsPerImage, type ImageDataset } from "../data/dataset";
import type { Figure } from "./figure";
import { imageGrid, type ImageGridOptions } from "./image-grid";

/**
 * Coloured MNIST at a glance: one row per palette colour (named), one column per digit 0-9, each
 * cell the first image of the data set with that colour and digit (black when there is none).
 * @example coloredExamples(data.train, { title: "Coloured MNIST" })
 */
export function coloredExamples(ds: ImageDataset, o: ImageGridOptions & { palette?: readonly PaletteColor[] } = {}): Figure {
  if (!ds.colors || ds.shape[2] !== 3) throw new Error(`coloredExamples needs coloured images (${ds.spec.source} has none)`);
  const palette = o.palette ?? PALETTE;
  const n = pixelsPerImage(ds);
  const found = new Map<number, number>();
  for (let i = 0; i < ds.size; i++) {
    const key = ds.colors[i] * 10 + ds.labels[i];
    if (!found.has(key)) found.set(key, i);
  }
  const rows = palette.map((color, c) => {
    const data = new Float32Array(10 * n);
    for (let d = 0; d < 10; d++) {
      const i = found.get(c * 10 + d);
      if (i !== undefined) for (let p = 0; p < n; p++) data[d * n + p] = ds.images[i * n + p] / 255;
    }
    return { label: color.name, images: { data, shape: [10, ...ds.shape] as [number, number, number, number] } };
  });
  return imageGrid(rows, {
    title: "Coloured MNIST: one example per colour and digit",
    xTitle: "digit",
    columnLabels: Array.from({ length: 10 }, (_, d) => String(d)),
    ...o,
  });
}

/**
 * The palette as solid tiles, each labelled with its name and RGB value.
 * @example paletteTiles(PALETTE)
 */
export function paletteTiles(palette: readonly PaletteColor[] = PALETTE, o: ImageGridOptions = {}): Figure {
  const size = 28 * 28 * 3;
  const data = new Float32Array(palette.length * size);
  palette.forEach((color, i) => {
    for (let p = 0; p < 28 * 28; p++) for (let c = 0; c < 3; c++) data[i * size + 3 * p + c] = color.rgb[c] / 255;
  });
  return imageGrid([{ images: { data, shape: [palette.length, 28, 28, 3] } }], {
    title: "The palette",
    scale: 3,
    padding: 4,
    columnLabels: palette.map((c) => `${c.name}<br>${c.rgb.join(", ")}`),
    ...o,
  });
}
