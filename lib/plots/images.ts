import * as tf from "@tensorflow/tfjs-core";

/** Images as plain data: values in [0, 1], row-major [n, height, width, channels]. */
export interface ImageBatch {
  data: ArrayLike<number>;
  shape: [number, number, number, number];
}

/** Images from a tensor [n, H, W, C] or plain data; reading a tensor is the only work done. */
export type Images = ImageBatch | tf.Tensor4D;

/**
 * Reads images into plain data (synchronously, from a tensor if need be). A webgpu tensor cannot be
 * read synchronously: pass `await readImages(tensor)` instead.
 */
export function toImageBatch(images: Images): ImageBatch {
  if ("dataSync" in images) {
    try {
      return { data: images.dataSync(), shape: images.shape as ImageBatch["shape"] };
    } catch (e) {
      const why = (e as Error).message;
      throw new Error(`images: cannot read a ${tf.getBackend()} tensor synchronously (${why}); pass await readImages(images)`);
    }
  }
  const [n, h, w, c] = images.shape;
  if (images.data.length !== n * h * w * c) throw new Error(`images: ${images.data.length} values for shape ${images.shape.join("x")}`);
  return images;
}

export interface MosaicOptions {
  /** Images per row. */
  columns: number;
  /** Integer upscaling by pixel repetition (nearest neighbour), so digits stay crisp. Default 2. */
  scale?: number;
  /** Pixels between images (before scaling), drawn in `gap` grey. Default 1. */
  padding?: number;
  /** Grey level of the padding, 0-255. Default 128. */
  gap?: number;
}

/**
 * Lays images out in one picture: row by row, `columns` per row, with padding, upscaled by repetition.
 * Returns 8-bit pixels with the images' channel count (1 grey or 3 RGB).
 */
export function mosaic(batch: ImageBatch, o: MosaicOptions): { pixels: Uint8Array; width: number; height: number; channels: 1 | 3 } {
  const [n, h, w, c] = batch.shape;
  if (c !== 1 && c !== 3) throw new Error(`images need 1 or 3 channels, got ${c}`);
  const { columns } = o;
  const scale = o.scale ?? 2;
  const pad = o.padding ?? 1;
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`invalid columns: ${columns}`);
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`invalid scale: ${scale} (a positive integer)`);
  const rows = Math.ceil(n / columns);
  const cellW = w + pad;
  const cellH = h + pad;
  const width = (columns * cellW + pad) * scale;
  const height = (rows * cellH + pad) * scale;
  const pixels = new Uint8Array(width * height * c).fill(o.gap ?? 128);
  for (let i = 0; i < n; i++) {
    const ox = pad + (i % columns) * cellW;
    const oy = pad + Math.floor(i / columns) * cellH;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) {
          const v = Math.round(Math.min(1, Math.max(0, batch.data[((i * h + y) * w + x) * c + ch])) * 255);
          for (let sy = 0; sy < scale; sy++) {
            const row = ((oy + y) * scale + sy) * width;
            for (let sx = 0; sx < scale; sx++) pixels[(row + (ox + x) * scale + sx) * c + ch] = v;
          }
        }
      }
    }
  }
  return { pixels, width, height, channels: c as 1 | 3 };
}
