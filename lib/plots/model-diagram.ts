import { formatShape, type LayerSummary, type ModelSummary } from "../models/summary";
import { baseLayout, Figure, FigureOptions, Layout, Trace } from "./figure";

/** Fill colours of the layer kinds a diagram tells apart; other kinds are grey. */
export const LAYER_COLORS: Record<string, string> = {
  InputLayer: "#e0e0e0",
  Dense: "#a0cbe8",
  Conv2D: "#ffbe7d",
  Conv2DTranspose: "#8cd17d",
  Flatten: "#d4a6c8",
  Reshape: "#d4a6c8",
  Concatenate: "#f1ce63",
  Model: "#86bcb6",
  latent: "#ff9d9a",
};
const OTHER = "#cccccc";

// Plot coordinates: main boxes span x in [MAIN_X0, MAIN_X1], side inputs [SIDE_X0, SIDE_X1]; row r sits at y = -r.
const SIDE_X0 = 0;
const SIDE_X1 = 2.6;
const MAIN_X0 = 3.2;
const MAIN_X1 = 9.4;
const HALF = 0.32;
const ROW_PX = 46;

interface Box {
  key: string;
  row: number;
  side: boolean;
  kind: string;
  text: string;
}

/**
 * A block diagram of a model's networks drawn from its summary: one box per layer, top to bottom,
 * encoder, then the latent layer, then decoder, each box naming the layer's kind, settings, output
 * shape and weights, coloured by kind (legend). Extra inputs (a conditional model's digit) sit
 * beside the layer that reads them; connections that skip rows run down the right-hand side.
 * @example modelDiagram(modelSummary(model), { title: "Dense VAE" })
 */
export function modelDiagram(summary: ModelSummary, o: FigureOptions = {}): Figure {
  if (summary.layers.length === 0) throw new Error("modelDiagram: the summary has no layers");
  const { boxes, edges, spans } = place(summary);
  const rows = Math.max(...boxes.map((b) => b.row)) + 1;
  const shapes: Layout[] = [];
  const annotations: Layout[] = [];
  for (const b of boxes) {
    const [x0, x1] = b.side ? [SIDE_X0, SIDE_X1] : [MAIN_X0, MAIN_X1];
    shapes.push({
      type: "rect",
      x0,
      x1,
      y0: -b.row - HALF,
      y1: -b.row + HALF,
      fillcolor: LAYER_COLORS[b.kind] ?? OTHER,
      line: { color: "#555555", width: 1 },
    });
    annotations.push({ x: (x0 + x1) / 2, y: -b.row, text: b.text, showarrow: false, font: { size: 11 }, align: "center" });
  }
  for (const [from, to] of edges) drawEdge(from, to, shapes, annotations);
  for (const s of spans) {
    const y0 = -s.first + HALF;
    const y1 = -s.last - HALF;
    shapes.push({ type: "line", x0: MAIN_X1 + 0.5, x1: MAIN_X1 + 0.5, y0, y1, line: { color: "#888888", width: 2 } });
    annotations.push({
      x: MAIN_X1 + 0.6,
      y: (y0 + y1) / 2,
      text: s.name,
      showarrow: false,
      textangle: -90,
      font: { size: 13 },
      xanchor: "left",
    });
  }
  const kinds = [...new Set(boxes.map((b) => b.kind))];
  const legend: Trace[] = kinds.map((k) => ({
    type: "scatter", mode: "markers", x: [null], y: [null], name: k === "latent" ? "latent layer" : k, showlegend: true,
    marker: { symbol: "square", size: 14, color: LAYER_COLORS[k] ?? OTHER, line: { color: "#555555", width: 1 } },
  }));
  const hidden = { visible: false, fixedrange: true };
  return new Figure(legend, baseLayout(o, 820, rows * ROW_PX + 120, {
    xaxis: { ...hidden, range: [SIDE_X0 - 0.1, MAIN_X1 + 1.2] },
    yaxis: { ...hidden, range: [-rows + 1 - 0.6, 0.6] },
    shapes,
    annotations,
    legend: { orientation: "h", x: 0, y: -0.02, yanchor: "top" },
    margin: { l: 10, r: 10, t: o.title ? 50 : 10, b: 50 },
  }));
}

/** Rows for the boxes: main layers in order with the latent between the networks, extra inputs beside their reader. */
function place(summary: ModelSummary) {
  const boxes: Box[] = [];
  const byKey = new Map<string, Box>();
  const networks = [...new Set(summary.layers.map((l) => l.network))];
  const spans: { name: string; first: number; last: number }[] = [];
  let row = 0;
  const add = (b: Box) => (boxes.push(b), byKey.set(b.key, b));
  networks.forEach((net, n) => {
    const layers = summary.layers.filter((l) => l.network === net);
    const first = row;
    const sideInputs = new Set(layers.filter((l, i) => l.kind === "InputLayer" && i > 0).map((l) => l.name));
    for (const l of layers) {
      if (!sideInputs.has(l.name)) add({ key: `${net}/${l.name}`, row: row++, side: false, kind: l.kind, text: label(l) });
    }
    for (const l of layers.filter((m) => sideInputs.has(m.name))) {
      const reader = layers.find((m) => m.inputs.includes(l.name));
      const readerRow = reader ? byKey.get(`${net}/${reader.name}`)!.row : row;
      add({ key: `${net}/${l.name}`, row: readerRow, side: true, kind: l.kind, text: label(l) });
    }
    spans.push({ name: net, first, last: row - 1 });
    if (n === 0 && networks.length > 1) {
      const z = summary.latent;
      const text = `<b>${z.kind}</b> reads ${z.paramSize} values, hands on a code of ${z.codeSize}`;
      add({ key: "latent", row: row++, side: false, kind: "latent", text });
    }
  });
  const edges: [Box, Box][] = [];
  networks.forEach((net, n) => {
    const layers = summary.layers.filter((l) => l.network === net);
    for (const l of layers) for (const i of l.inputs) edges.push([byKey.get(`${net}/${i}`)!, byKey.get(`${net}/${l.name}`)!]);
    if (n === 0 && byKey.has("latent")) edges.push([byKey.get(`${net}/${layers[layers.length - 1].name}`)!, byKey.get("latent")!]);
    if (n === 1 && byKey.has("latent")) edges.push([byKey.get("latent")!, byKey.get(`${net}/${layers[0].name}`)!]);
  });
  return { boxes, edges, spans };
}

function label(l: LayerSummary): string {
  const short = l.name.startsWith(`${l.network}_`) ? l.name.slice(l.network.length + 1) : l.name;
  const head = `<b>${l.kind}</b> <i>${short}</i>${l.detail ? `: ${l.detail}` : ""}`;
  const params = l.params > 0 ? ` · ${l.params.toLocaleString("en-US")} weights` : "";
  return `${head}<br>→ ${formatShape(l.outputShape)}${params}`;
}

function drawEdge(from: Box, to: Box, shapes: Layout[], annotations: Layout[]): void {
  const arrow = { showarrow: true, arrowhead: 2, arrowsize: 1, arrowwidth: 1.2, arrowcolor: "#444444", text: "", axref: "x", ayref: "y" };
  if (from.side) {
    annotations.push({ ...arrow, x: MAIN_X0, y: -to.row, ax: SIDE_X1, ay: -from.row });
  } else if (to.row === from.row + 1) {
    annotations.push({ ...arrow, x: (MAIN_X0 + MAIN_X1) / 2, y: -to.row + HALF, ax: (MAIN_X0 + MAIN_X1) / 2, ay: -from.row - HALF });
  } else {
    const lane = MAIN_X1 + 0.2;
    const path = `M ${MAIN_X1} ${-from.row} L ${lane} ${-from.row} L ${lane} ${-to.row}`;
    shapes.push({ type: "path", path, line: { color: "#444444", width: 1.2 } });
    annotations.push({ ...arrow, x: MAIN_X1, y: -to.row, ax: lane, ay: -to.row });
  }
}
