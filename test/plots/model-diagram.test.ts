import assert from "node:assert/strict";
import { test } from "node:test";
import { modelDiagram, type LayerSummary, type ModelSummary } from "../../lib";
import { assertSnapshot } from "../support/snapshot";

const layer = (network: string, name: string, kind: string, outputShape: number[], inputs: string[], params = 0, detail = ""): LayerSummary =>
  ({ network, name: `${network}_${name}`, kind, detail, outputShape, params, inputs: inputs.map((i) => `${network}_${i}`) });

// A conditional encoder (a label joins after flatten) and a decoder with a connection that skips a layer.
const SUMMARY: ModelSummary = {
  family: "test",
  layers: [
    layer("encoder", "input", "InputLayer", [4, 4, 1], []),
    layer("encoder", "flatten", "Flatten", [16], ["input"]),
    layer("encoder", "label", "InputLayer", [10], []),
    layer("encoder", "concat", "Concatenate", [26], ["flatten", "label"], 0, "joins its inputs"),
    layer("encoder", "out", "Dense", [4], ["concat"], 108, "4 units"),
    layer("decoder", "input", "InputLayer", [2], []),
    layer("decoder", "dense", "Dense", [8], ["input"], 24, "8 units, relu"),
    layer("decoder", "skip", "Concatenate", [10], ["input", "dense"]),
    layer("decoder", "out", "Dense", [16], ["skip"], 176, "16 units"),
  ],
  latent: { kind: "GaussianLatent", paramSize: 4, codeSize: 2 },
  totalParams: 308,
  convolutional: false,
};

test("model diagram: a box per layer and one for the latent, side inputs beside their reader, skips down the side", () => {
  const fig = modelDiagram(SUMMARY, { title: "test model" });
  const shapes = fig.layout.shapes as { type: string; x0: number; y0: number; y1: number }[];
  const boxes = shapes.filter((s) => s.type === "rect");
  assert.equal(boxes.length, SUMMARY.layers.length + 1);
  const label = boxes.find((b) => b.x0 === 0)!;
  assert.ok(label, "the label input sits in the side lane");
  const concatRow = boxes.filter((b) => b.x0 > 0)[2];
  assert.equal(label.y0, concatRow.y0, "beside the concatenation that reads it");
  assert.equal(shapes.filter((s) => s.type === "path").length, 1, "one connection skips a row");
  const arrows = (fig.layout.annotations as { showarrow: boolean }[]).filter((a) => a.showarrow);
  assert.equal(arrows.length, 10, "8 connections inside the networks and 2 through the latent");
  assert.deepEqual(fig.data.map((t) => t.name), ["InputLayer", "Flatten", "Concatenate", "Dense", "latent layer"]);
  const texts = (fig.layout.annotations as { text: string }[]).map((a) => a.text).filter(Boolean);
  assert.ok(texts.includes("<b>Dense</b> <i>out</i>: 4 units<br>→ 4 · 108 weights"), texts.join("\n"));
  assertSnapshot("model-diagram", fig.toJSON());
  assert.throws(() => modelDiagram({ ...SUMMARY, layers: [] }), /modelDiagram: the summary has no layers/);
});
