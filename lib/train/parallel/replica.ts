import * as tf from "@tensorflow/tfjs-core";
import type { Batch } from "../../data/batches";
import type { LatentModel } from "../../models/model";
import type { ForwardContext, LossTerm, LossWeights } from "../../models/types";
import { stepObjective } from "../step";
import { adam } from "../adam";
import { Exchange, sliceBounds } from "./exchange";

/**
 * One copy of the model in a data-parallel run, on the main thread or in a worker. Each step it
 * posts the gradient of the loss on its slice of the batch, then, once every replica has posted,
 * applies Adam to the combined gradient. Identical weights, gradients and optimizer state on every
 * replica keep the copies identical without sending weights.
 */
export class Replica {
  private readonly optimizer: tf.Optimizer;
  private readonly variables: tf.Variable[];

  constructor(
    readonly model: LatentModel,
    readonly exchange: Exchange,
    readonly index: number,
    learningRate: number,
    private readonly lossWeights: LossWeights,
  ) {
    this.optimizer = adam(learningRate);
    this.variables = model.variables();
    const params = this.variables.reduce((s, v) => s + v.size, 0);
    if (params !== exchange.params) throw new Error(`replica ${index}: model has ${params} parameters, the exchange ${exchange.params}`);
  }

  /** {@link compute}, then tells the other replicas this step's post is complete. */
  post(batch: Batch, ctx: ForwardContext & { step: number }): LossTerm[] {
    const names = this.compute(batch, ctx);
    this.exchange.post(this.index, ctx.step);
    return names;
  }

  /**
   * Computes the loss and gradient on this replica's rows of `batch` and writes them to its slot for
   * `ctx.step`. Returns the names of the model's loss terms (empty when the slice has no rows).
   */
  compute(batch: Batch, ctx: ForwardContext & { step: number }): LossTerm[] {
    const size = batch.x.shape[0];
    const [start, end] = sliceBounds(size, this.exchange.replicas, this.index);
    const slot = this.exchange.gradView(ctx.step, this.index);
    let names: LossTerm[] = [];
    if (end === start) {
      slot.fill(0);
      this.exchange.writeTerms(ctx.step, this.index, {}, 0, 0);
    } else {
      const x = tf.slice(batch.x, start, end - start);
      const labels = tf.slice(batch.labels, start, end - start);
      let values: tf.Tensor1D | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const objective = stepObjective(this.model, { x, labels }, { ...ctx, rows: { offset: start, total: size } }, this.lossWeights);
        ({ names, values } = objective);
        return objective.total;
      }, this.variables);
      let offset = 0;
      for (const v of this.variables) {
        const g = grads[v.name];
        if (g) slot.set(g.dataSync() as Float32Array, offset);
        else slot.fill(0, offset, offset + v.size);
        offset += v.size;
      }
      const v = values!.dataSync();
      const terms = Object.fromEntries(names.map((t, i) => [t, v[i]]));
      this.exchange.writeTerms(ctx.step, this.index, terms, value.dataSync()[0], (end - start) / size);
      tf.dispose([x, labels, value, values!, ...Object.values(grads)]);
    }
    return names;
  }

  /** Adam on the combined gradient of `step`; call once every replica has posted it. */
  apply(step: number): void {
    const combined = this.exchange.combinedGradient(step);
    let offset = 0;
    const named = this.variables.map((v) => {
      const tensor = tf.tensor(combined.subarray(offset, offset + v.size), v.shape, "float32");
      offset += v.size;
      return { name: v.name, tensor };
    });
    this.optimizer.applyGradients(named);
    tf.dispose(named.map((n) => n.tensor));
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
