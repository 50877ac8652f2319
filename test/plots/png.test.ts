import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePng, imageGrid, mosaic } from "../../lib";
import { decodePng } from "../support/png";

test("a mosaic places each pixel, upscaled by repetition, with grey padding", () => {
  const batch = { data: [0, 1, 0.5, 0.25, 1, 1, 0, 0], shape: [2, 2, 2, 1] as [number, number, number, number] };
  const m = mosaic(batch, { columns: 2, scale: 2, padding: 1 });
  assert.equal(m.width, (2 * 3 + 1) * 2);
  assert.equal(m.height, (1 * 3 + 1) * 2);
  const at = (x: number, y: number) => m.pixels[y * m.width + x];
  assert.equal(at(0, 0), 128);
  assert.deepEqual([at(2, 2), at(3, 3), at(4, 2), at(2, 4), at(4, 4)], [0, 0, 255, 128, 64]);
  assert.deepEqual([at(8, 2), at(10, 2), at(8, 4), at(10, 4)], [255, 255, 0, 0]);
});

test("PNG round trip, grey and RGB, and an image grid's PNG holds the exact pixels", () => {
  const rgb = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
  const decoded = decodePng(encodePng(rgb, 5, 3, 3));
  assert.deepEqual([decoded.width, decoded.height, decoded.channels], [5, 3, 3]);
  assert.deepEqual(decoded.pixels, rgb);
  const fig = imageGrid([{ images: { data: [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1], shape: [1, 2, 2, 3] } }], { scale: 1, padding: 0 });
  const source = String(fig.data[0].source);
  const png = decodePng(Buffer.from(source.replace("data:image/png;base64,", ""), "base64"));
  assert.deepEqual([...png.pixels], [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
  assert.throws(() => encodePng(new Uint8Array(3), 2, 2, 1), /3 bytes for 2x2x1/);
});
