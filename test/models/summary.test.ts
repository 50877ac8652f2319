import assert from "node:assert/strict";
import { before, test } from "node:test";
import { buildModel, modelSummary, preset, presets, summaryFrame } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

test("every preset's summary lists its layers, their weights add up to the model's, and every input is a listed layer", () => {
  for (const p of presets()) {
    const model = buildModel(p.model, 1);
    const s = modelSummary(model);
    assert.equal(s.totalParams, model.countParams(), p.name);
    assert.deepEqual([...new Set(s.layers.map((l) => l.network))], ["encoder", "decoder"], p.name);
    assert.deepEqual(s.layers[0].outputShape, p.model.imageShape, `${p.name}: the encoder reads images`);
    assert.deepEqual(s.layers.at(-1)!.outputShape, p.model.imageShape, `${p.name}: the decoder ends in images`);
    assert.equal(s.latent.paramSize, model.latent.paramSize);
    for (const l of s.layers) {
      const names = s.layers.filter((m) => m.network === l.network).map((m) => m.name);
      for (const i of l.inputs) assert.ok(names.includes(i), `${p.name}: ${l.name} reads ${i}, not a layer of its network`);
      assert.equal(l.kind === "InputLayer", l.inputs.length === 0, `${p.name}: ${l.name} has inputs unless it is an input`);
    }
    model.dispose();
  }
});

test("the dense VAE is not convolutional; the conv VAE's layers are the Keras example's", () => {
  const dense = buildModel(preset("dense-vae-2d").model, 1);
  assert.equal(modelSummary(dense).convolutional, false);
  const conv = buildModel(preset("conv-vae-2d").model, 1);
  const s = modelSummary(conv);
  assert.equal(s.convolutional, true);
  const rows = s.layers.map((l) => [l.name, l.kind, l.outputShape.join("x"), l.params, l.detail]);
  assert.deepEqual(rows, [
    ["encoder_input", "InputLayer", "28x28x1", 0, ""],
    ["encoder_conv1", "Conv2D", "14x14x32", 320, "32 filters 3x3, stride 2, same, relu"],
    ["encoder_conv2", "Conv2D", "7x7x64", 18496, "64 filters 3x3, stride 2, same, relu"],
    ["encoder_flatten", "Flatten", "3136", 0, ""],
    ["encoder_dense", "Dense", "16", 50192, "16 units, relu"],
    ["encoder_out", "Dense", "4", 68, "4 units"],
    ["decoder_input", "InputLayer", "2", 0, ""],
    ["decoder_dense", "Dense", "3136", 9408, "3136 units, relu"],
    ["decoder_reshape", "Reshape", "7x7x64", 0, "to 7x7x64"],
    ["decoder_deconv1", "Conv2DTranspose", "14x14x64", 36928, "64 filters 3x3, stride 2, same, relu"],
    ["decoder_deconv2", "Conv2DTranspose", "28x28x32", 18464, "32 filters 3x3, stride 2, same, relu"],
    ["decoder_out", "Conv2DTranspose", "28x28x1", 289, "1 filter 3x3, stride 1, same"],
  ]);
  const frame = summaryFrame(s);
  assert.deepEqual(frame.columns, ["network", "layer", "kind", "detail", "output", "params"]);
  assert.equal(frame.height, 12);
  assert.equal(frame.getColumn("params").sum(), conv.countParams());
  dense.dispose();
  conv.dispose();
});

test("a conditional model's label inputs feed its concatenations; nested networks count as one layer each", () => {
  const cond = buildModel(preset("cond-conv-vae-2d").model, 1);
  const concat = modelSummary(cond).layers.filter((l) => l.kind === "Concatenate");
  assert.deepEqual(concat.map((l) => l.inputs), [["encoder_flatten", "encoder_label"], ["decoder_input", "decoder_label"]]);
  const joint = buildModel(preset("joint-vae-mean").model, 1);
  const nested = modelSummary(joint).layers.filter((l) => l.kind === "Model");
  assert.deepEqual(nested.map((l) => [l.name, l.inputs]), [
    ["encoder_continuous", ["encoder_input"]],
    ["encoder_discrete", ["encoder_input"]],
    ["decoder_continuous", ["decoder_slice1"]],
    ["decoder_discrete", ["decoder_slice2"]],
  ]);
  cond.dispose();
  joint.dispose();
});
