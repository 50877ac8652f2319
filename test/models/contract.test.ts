import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { batches, buildModel, loadData, presets, totalLoss } from "../../lib";
import { testBackend } from "../support/lab";

before(testBackend);

// One contract for every preset of the zoo: the same checks, whatever the family.
for (const p of presets()) {
  describe(`model contract: ${p.name}`, () => {
    const data = loadData(p.data, { trainSize: 16, testSize: 16 });
    const batch = () => batches(data.train, { batchSize: 8, shuffle: false }).next().value!;

    test("forward pass returns the shared record with the right shapes and a positive scalar loss", () => {
      const model = buildModel(p.model, 1);
      const b = batch();
      tf.tidy(() => {
        const out = model.forward({ x: b.x, labels: b.labels }, { sample: true, training: true, seed: 1, step: 1 });
        assert.deepEqual(out.logits.shape, [8, ...p.model.imageShape]);
        assert.deepEqual(out.decoded.shape, [8, ...p.model.imageShape]);
        assert.equal(out.z.shape[0], 8);
        assert.equal(out.z.shape[1], model.latent.codeSize);
        assert.equal(out.params.shape[1], model.latent.paramSize);
        const loss = totalLoss(out.terms, model.lossWeights());
        assert.equal(loss.rank, 0);
        assert.ok(loss.dataSync()[0] > 0);
        const r = out.decoded.dataSync();
        assert.ok(r.every((v) => v >= 0 && v <= 1));
        assert.deepEqual(Object.keys(out.perImage).sort(), Object.keys(out.terms).sort());
        for (const [t, v] of Object.entries(out.perImage)) {
          assert.deepEqual(v.shape, [8], `perImage.${t}`);
          assert.equal(tf.mean(v).dataSync()[0], out.terms[t as keyof typeof out.terms]!.dataSync()[0], `perImage.${t} against terms.${t}`);
        }
      });
      tf.dispose([b.x, b.labels, ...(b.colors ? [b.colors] : [])]);
      model.dispose();
    });

    test("a training step moves the weights, inference does not, and nothing leaks", () => {
      const model = buildModel(p.model, 1);
      const b = batch();
      const snapshot = () => {
        const w = model.getWeights();
        const v = w.map((t) => Array.from(t.dataSync()));
        tf.dispose(w);
        return v;
      };
      const w0 = snapshot();
      const before = tf.memory().numTensors;
      tf.dispose(model.forward({ x: b.x, labels: b.labels }, { sample: false, seed: 1 }) as never);
      tf.tidy(() => void model.generate(4, 2, model.conditional ? tf.tensor1d([1, 2, 3, 4], "int32") : undefined));
      assert.deepEqual(snapshot(), w0);
      const opt = tf.train.adam(1e-3);
      const cost = opt.minimize(() => totalLoss(model.forward({ x: b.x, labels: b.labels }, { sample: true, training: true, seed: 2, step: 1 }).terms, model.lossWeights()), true, model.variables());
      cost!.dispose();
      const w1 = snapshot();
      assert.ok(w1.every((w, i) => w.some((v, j) => v !== w0[i][j])), "every weight tensor changed");
      opt.dispose();
      assert.equal(tf.memory().numTensors, before, "no tensor leaked");
      tf.dispose([b.x, b.labels, ...(b.colors ? [b.colors] : [])]);
      model.dispose();
    });

    test("prior samples decoded in chunks are the images one batch gives, bit for bit", () => {
      const model = buildModel(p.model, 3);
      const labels = model.conditional ? tf.tensor1d(Array.from({ length: 11 }, (_, i) => i % 10), "int32") : undefined;
      const before = tf.memory().numTensors;
      const whole = model.generate(11, 5, labels, 11);
      const chunked = model.generate(11, 5, labels, 4);
      assert.deepEqual(chunked.shape, whole.shape);
      assert.deepEqual(Buffer.from(chunked.dataSync().buffer), Buffer.from(whole.dataSync().buffer));
      tf.dispose([whole, chunked]);
      assert.equal(tf.memory().numTensors, before, "no tensor leaked");
      labels?.dispose();
      model.dispose();
    });

    test("same seed builds the same weights; save and load give identical outputs", () => {
      const a = buildModel(p.model, 4);
      const b = buildModel(p.model, 4);
      const wa = a.getWeights();
      const wb = b.getWeights();
      assert.deepEqual(wa.map((t) => Array.from(t.dataSync())), wb.map((t) => Array.from(t.dataSync())));
      const c = buildModel(p.model, 5);
      c.setWeights(wa);
      const x = batch();
      const outA = tf.tidy(() => a.forward({ x: x.x, labels: x.labels }, { sample: false, seed: 1 }).logits.dataSync());
      const outC = tf.tidy(() => c.forward({ x: x.x, labels: x.labels }, { sample: false, seed: 1 }).logits.dataSync());
      assert.deepEqual(outC, outA);
      tf.dispose([...wa, ...wb, x.x, x.labels, ...(x.colors ? [x.colors] : [])]);
      [a, b, c].forEach((m) => m.dispose());
    });
  });
}
