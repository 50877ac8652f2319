import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { buildModel, deadUnits, deadUnitsFrame, loadData, preset } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

test("dead units: every ReLU layer of encoder and decoder is listed, units silenced by a large negative bias are counted, nothing leaks", async () => {
  const data = loadData("mnist", { trainSize: 10, testSize: 120 });
  for (const name of ["conv-vae-2d", "cond-conv-vae-2d"]) {
    const model = buildModel(preset(name).model, 1);
    const fresh = await deadUnits(model, data.test, 50);
    assert.deepEqual(fresh.map((d) => [d.network, d.layer, d.units]), [
      ["encoder", "encoder_conv1", 32], ["encoder", "encoder_conv2", 64], ["encoder", "encoder_dense", 16],
      ["decoder", "decoder_dense", 3136], ["decoder", "decoder_deconv1", 64], ["decoder", "decoder_deconv2", 32],
    ]);
    assert.equal(fresh.find((d) => d.layer === "encoder_dense")!.dead, 0, `${name}: a fresh layer has live units`);
    const layer = model.encoder.getLayer("encoder_dense");
    const [kernel] = layer.getWeights(); // the layer's own variables: not ours to dispose
    const silenced = tf.tensor1d(Array.from({ length: 16 }, (_, i) => (i < 5 ? -1e4 : 0)));
    layer.setWeights([kernel, silenced]);
    const before = tf.memory().numTensors;
    const after = await deadUnits(model, data.test, 50);
    assert.equal(tf.memory().numTensors, before, "no tensor leaked");
    assert.equal(after.find((d) => d.layer === "encoder_dense")!.dead, 5, name);
    silenced.dispose();
    model.dispose();
  }
});

test("dead units of a dense VAE: its hidden ReLU layers only", async () => {
  const model = buildModel(preset("dense-vae-2d").model, 1);
  const rows = await deadUnits(model, loadData("mnist", { trainSize: 10, testSize: 20 }).test);
  assert.deepEqual(rows.map((d) => [d.layer, d.units]), [["encoder_dense1", 512], ["decoder_dense1", 512]]);
  const frame = deadUnitsFrame(rows);
  assert.deepEqual(frame.columns, ["network", "layer", "units", "dead"]);
  assert.deepEqual(frame.getColumn("units").toArray(), [512, 512]);
  assert.equal(String(frame.getColumn("dead").dtype), "DataType(Int32)");
  model.dispose();
});
