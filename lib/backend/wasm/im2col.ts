import { PatchGeometry } from "./conv-geometry";

/**
 * Gathers input patches into a row-major [batch*outH*outW, filterH*filterW*inC] matrix: row
 * (b, oy, ox), column (fy, fx, c) holds x[b, oy*sh - padTop + fy, ox*sw - padLeft + fx, c], or 0
 * where that falls in the padding. `x` is NHWC [batch, inH, inW, inC].
 */
export function im2col(x: Float32Array, cols: Float32Array, g: PatchGeometry): void {
  const c = g.inC;
  const rowLen = g.filterH * g.filterW * c;
  let row = 0;
  for (let b = 0; b < g.batch; b++) {
    const xb = b * g.inH * g.inW * c;
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = oy * g.strideH - g.padTop;
      for (let ox = 0; ox < g.outW; ox++, row += rowLen) {
        const x0 = ox * g.strideW - g.padLeft;
        let dst = row;
        for (let fy = 0; fy < g.filterH; fy++) {
          const y = y0 + fy;
          if (y < 0 || y >= g.inH) {
            cols.fill(0, dst, dst + g.filterW * c);
            dst += g.filterW * c;
            continue;
          }
          for (let fx = 0; fx < g.filterW; fx++, dst += c) {
            const xx = x0 + fx;
            if (xx < 0 || xx >= g.inW) {
              cols.fill(0, dst, dst + c);
              continue;
            }
            const src = xb + (y * g.inW + xx) * c;
            for (let k = 0; k < c; k++) cols[dst + k] = x[src + k];
          }
        }
      }
    }
  }
}

/**
 * The adjoint of `im2col`: zeroes `dx` (NHWC [batch, inH, inW, inC]) and adds every entry of the
 * patch matrix back onto the input pixel it was read from. The summation order is fixed, so the
 * result is bit-reproducible.
 */
export function col2im(cols: Float32Array, dx: Float32Array, g: PatchGeometry): void {
  const c = g.inC;
  const rowLen = g.filterH * g.filterW * c;
  dx.fill(0);
  let row = 0;
  for (let b = 0; b < g.batch; b++) {
    const xb = b * g.inH * g.inW * c;
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = oy * g.strideH - g.padTop;
      for (let ox = 0; ox < g.outW; ox++, row += rowLen) {
        const x0 = ox * g.strideW - g.padLeft;
        for (let fy = 0; fy < g.filterH; fy++) {
          const y = y0 + fy;
          if (y < 0 || y >= g.inH) continue;
          for (let fx = 0; fx < g.filterW; fx++) {
            const xx = x0 + fx;
            if (xx < 0 || xx >= g.inW) continue;
            const src = row + (fy * g.filterW + fx) * c;
            const dst = xb + (y * g.inW + xx) * c;
            for (let k = 0; k < c; k++) dx[dst + k] += cols[src + k];
          }
        }
      }
    }
  }
}
