import { Rng } from "../util/random";
import { ImageDataset } from "./dataset";

/** A named colour of the coloured-MNIST palette, as 0-255 RGB. */
export interface PaletteColor {
  name: string;
  rgb: [number, number, number];
}

/**
 * The default palette: eight saturated, well-separated hues (every pair is at least 125 apart in
 * RGB distance), so a digit's colour is unambiguous even on its faint edge pixels.
 */
export const PALETTE: readonly PaletteColor[] = [
  { name: "red", rgb: [255, 0, 0] },
  { name: "orange", rgb: [255, 128, 0] },
  { name: "yellow", rgb: [240, 255, 0] },
  { name: "green", rgb: [0, 220, 40] },
  { name: "cyan", rgb: [0, 230, 255] },
  { name: "blue", rgb: [20, 40, 255] },
  { name: "purple", rgb: [150, 0, 255] },
  { name: "magenta", rgb: [255, 0, 170] },
];

export interface ColorOptions {
  /** Seed of the generator that picks each image's colour. */
  seed: number;
  /** Colours to pick from. Default {@link PALETTE}. */
  palette?: readonly PaletteColor[];
  /** Name recorded in the data spec. Default "default" (or "custom" for another palette). */
  paletteName?: string;
}

/**
 * Coloured MNIST (problem 3): each digit's strokes tinted with one palette colour picked per image
 * by a seeded generator; the background stays black. Returns 28x28x3 images and keeps the colour's
 * palette index in `colors`, a second label beside the digit.
 * @example const train = colorize(loadMnist({ split: "train" }), { seed: 3 });
 */
export function colorize(gray: ImageDataset, options: ColorOptions): ImageDataset {
  const palette = options.palette ?? PALETTE;
  if (gray.shape[2] !== 1) throw new Error(`colorize expects 1-channel images, got ${gray.shape[2]} channels`);
  if (palette.length < 2) throw new Error(`palette needs at least 2 colours, got ${palette.length}`);
  const rng = new Rng(options.seed);
  const n = gray.shape[0] * gray.shape[1];
  const images = new Uint8Array(gray.size * n * 3);
  const colors = new Uint8Array(gray.size);
  for (let i = 0; i < gray.size; i++) {
    const c = rng.int(palette.length);
    colors[i] = c;
    const [r, g, b] = palette[c].rgb;
    const src = i * n;
    const dst = i * n * 3;
    for (let p = 0; p < n; p++) {
      const v = gray.images[src + p];
      images[dst + 3 * p] = Math.round((v * r) / 255);
      images[dst + 3 * p + 1] = Math.round((v * g) / 255);
      images[dst + 3 * p + 2] = Math.round((v * b) / 255);
    }
  }
  const paletteName = options.paletteName ?? (options.palette ? "custom" : "default");
  return {
    spec: { ...gray.spec, source: "colored-mnist", color: { seed: options.seed, palette: paletteName } },
    shape: [gray.shape[0], gray.shape[1], 3],
    size: gray.size,
    images,
    labels: gray.labels,
    colors,
  };
}
