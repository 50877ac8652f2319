import { PatchGeometry } from "./conv-geometry";

/**
 * Gathers input patches into the transposed patch matrix [filterH*filterW*inC, batch*outH*outW]:
 * row (fy, fx, c), column (b, oy, ox) holds x[b, oy*sh - padTop + fy, ox*sw - padLeft + fx, c], or
 * 0 where that falls in the padding. `x` is NHWC. Transposed, so the filter gradient patchesᵀ·dy
 * is an untransposed GEMM; per tap the input is read in order and each row is written in order.
 */
export function im2colTransposed(x: Float32Array, colsT: Float32Array, g: PatchGeometry): void {
  const c = g.inC;
  const rows = g.batch * g.outH * g.outW;
  for (let fy = 0; fy < g.filterH; fy++) {
    for (let fx = 0; fx < g.filterW; fx++) {
      const tap = (fy * g.filterW + fx) * c * rows;
      let r = 0;
      for (let b = 0; b < g.batch; b++) {
        const xb = b * g.inH * g.inW * c;
        for (let oy = 0; oy < g.outH; oy++) {
          const y = oy * g.strideH - g.padTop + fy;
          const inRow = y >= 0 && y < g.inH;
          for (let ox = 0; ox < g.outW; ox++, r++) {
            const xx = ox * g.strideW - g.padLeft + fx;
            if (!inRow || xx < 0 || xx >= g.inW) {
              for (let k = 0; k < c; k++) colsT[tap + k * rows + r] = 0;
              continue;
            }
            const src = xb + (y * g.inW + xx) * c;
            for (let k = 0; k < c; k++) colsT[tap + k * rows + r] = x[src + k];
          }
        }
      }
    }
  }
}

/**
 * Scatter-adds a row-major patch matrix [batch*outH*outW, filterH*filterW*inC] (row (b, oy, ox),
 * column (fy, fx, c)) back onto the input: zeroes `dx` (NHWC [batch, inH, inW, inC]) and adds each
 * entry to the pixel (oy*sh - padTop + fy, ox*sw - padLeft + fx), skipping padding. The summation order is fixed, so the
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
