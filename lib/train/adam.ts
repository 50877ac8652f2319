import * as tf from "@tensorflow/tfjs-core";
import { readAll } from "../backend/read";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { ADAM_UPDATE_KERNEL, AdamUpdateAttrs, adamUpdateInPlace, fusedAdamReady } from "../backend/wasm/adam-update";

/** A named tensor, as tfjs optimizers pass gradients and weights (tfjs-core does not export the type). */
type NamedTensor = { name: string; tensor: tf.Tensor };

interface Moment {
  originalName: string;
  variable: tf.Variable;
}

/**
 * Adam with the same state and the same float32 results as `tf.train.adam`, bit for bit, but on
 * the wasm backend with the OpenBLAS addon loaded each variable's step is one native call
 * (weights and both moments in one pass over memory) instead of about ten element-wise kernels,
 * written in place when no other tensor shares the variable's or its moments' memory.
 * Elsewhere (other backends, no addon, `enableBlas(false)`) it runs tfjs's own op sequence.
 *
 * State as in tfjs: the moments are created on a variable's first update, keyed by its position
 * in the gradient list; the bias corrections use float32 powers of the betas advanced once per
 * step; `iterations` counts steps. `minimize(f, returnCost, varList)` is tfjs's.
 */
export class FusedAdam extends tf.Optimizer {
  /** The name tfjs's serialisation would use. */
  static get className(): string {
    return "FusedAdam";
  }

  readonly epsilon: number;
  private readonly first: Moment[] = [];
  private readonly second: Moment[] = [];
  /** beta1^t and beta2^t as tfjs keeps them: float32, multiplied by float32 beta once per step. */
  private accBeta1: number;
  private accBeta2: number;
  /**
   * The reference step's scalars, uploaded once (a GPU backend would upload a JavaScript number as a
   * new scalar at every use: about eight per variable per step); the same float32 values tfjs makes.
   */
  private constants?: { beta1: tf.Scalar; omb1: tf.Scalar; beta2: tf.Scalar; omb2: tf.Scalar; eps: tf.Scalar; negLr: tf.Scalar };

  constructor(readonly learningRate: number, readonly beta1 = 0.9, readonly beta2 = 0.999, epsilon?: number | null) {
    super();
    if (!Number.isFinite(learningRate)) throw new Error(`adam: learning rate must be a finite number, got ${learningRate}`);
    if (!(beta1 >= 0 && beta1 < 1)) throw new Error(`adam: beta1 must be in [0, 1), got ${beta1}`);
    if (!(beta2 >= 0 && beta2 < 1)) throw new Error(`adam: beta2 must be in [0, 1), got ${beta2}`);
    this.epsilon = epsilon ?? tf.backend().epsilon();
    if (!(this.epsilon >= 0 && Number.isFinite(this.epsilon))) {
      throw new Error(`adam: epsilon must be a finite number >= 0, got ${epsilon}`);
    }
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  /** Applies one Adam step to the named variables (`ENGINE.registeredVariables`) from their gradients. */
  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const fused = fusedAdamReady(tf.getBackend());
    // 1 − beta^t, a float32 subtraction of float32 operands (exact in a double, then rounded once).
    const attrs: AdamUpdateAttrs = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      oneMinusAccBeta1: Math.fround(1 - this.accBeta1),
      oneMinusAccBeta2: Math.fround(1 - this.accBeta2),
    };
    const registered = tf.engine().registeredVariables;
    // The step's two bias corrections, uploaded once for all variables (the reference path's only per-step scalars).
    const corrections = fused ? undefined : [tf.scalar(attrs.oneMinusAccBeta1), tf.scalar(attrs.oneMinusAccBeta2)] as const;
    list.forEach(({ name, tensor: gradient }, i) => {
      const value = registered[name];
      if (value == null) throw new Error(`adam: no registered variable named ${name}`);
      this.first[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      this.second[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      if (gradient == null) return;
      const m = this.first[i].variable;
      const v = this.second[i].variable;
      tf.tidy(() => {
        if (fused && adamUpdateInPlace(tf.backend() as BackendWasm, value, m, v, gradient, attrs)) return;
        if (fused) {
          const inputs = { w: value, m, v, g: gradient };
          const [w2, m2, v2] = tf.engine().runKernel(ADAM_UPDATE_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
          m.assign(m2);
          v.assign(v2);
          value.assign(w2);
        } else {
          this.referenceStep(value, m, v, gradient, corrections!);
        }
      });
    });
    if (corrections) tf.dispose([...corrections]);
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
    this.incrementIterations();
  }

  /** tfjs-core's Adam step in its op order (each op a float32 kernel): the path without the addon. */
  private referenceStep(w: tf.Variable, m: tf.Variable, v: tf.Variable, g: tf.Tensor, [c1, c2]: readonly [tf.Scalar, tf.Scalar]): void {
    const k = (this.constants ??= tf.tidy(() => ({
      beta1: tf.keep(tf.scalar(this.beta1)), omb1: tf.keep(tf.scalar(1 - this.beta1)),
      beta2: tf.keep(tf.scalar(this.beta2)), omb2: tf.keep(tf.scalar(1 - this.beta2)),
      eps: tf.keep(tf.scalar(this.epsilon)), negLr: tf.keep(tf.scalar(-this.learningRate)),
    })));
    const m2 = tf.add(tf.mul(m, k.beta1), tf.mul(g, k.omb1));
    const v2 = tf.add(tf.mul(v, k.beta2), tf.mul(tf.square(g), k.omb2));
    const mHat = tf.div(m2, c1);
    const vHat = tf.div(v2, c2);
    m.assign(m2);
    v.assign(v2);
    w.assign(tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), k.eps)), k.negLr), w));
  }

  /** Frees both moments of every variable. */
  override dispose(): void {
    tf.dispose([...this.first, ...this.second].map((s) => s.variable));
    if (this.constants) tf.dispose(Object.values(this.constants));
    this.constants = undefined;
    this.first.length = 0;
    this.second.length = 0;
  }

  /** The step count then every first and every second moment, in tfjs's order and names. */
  override async getWeights(): Promise<NamedTensor[]> {
    const moments = [...this.first, ...this.second].map((s) => ({ name: s.originalName, tensor: s.variable }));
    return [await this.saveIterations(), ...moments];
  }

  /** Restores what {@link getWeights} returned (or tfjs's Adam saved); beta^t as tfjs recomputes it. */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const moments = await this.extractIterations(weightValues);
    if (moments.length % 2 !== 0) throw new Error(`adam: setWeights needs as many first as second moments, got ${moments.length} tensors`);
    const powers = tf.tidy(() => [tf.pow(this.beta1, this.iterations_ + 1), tf.pow(this.beta2, this.iterations_ + 1)]);
    const [[acc1], [acc2]] = await readAll(powers).finally(() => tf.dispose(powers));
    // New variables first: the tensors may be the current moments, which dispose() frees.
    const restored = moments.map((t) => ({ originalName: t.name, variable: t.tensor.variable(false) }));
    this.dispose();
    this.accBeta1 = acc1;
    this.accBeta2 = acc2;
    this.first.push(...restored.slice(0, restored.length / 2));
    this.second.push(...restored.slice(restored.length / 2));
  }

  /** The constructor's arguments, as tfjs's Adam reports them. */
  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/**
 * The Adam optimizer VAE Lab trains with: a {@link FusedAdam}, a drop-in for
 * `tf.train.adam(learningRate, beta1, beta2, epsilon)` with bit-identical results.
 * @example const opt = adam(1e-3); opt.minimize(() => loss(), true, variables); opt.dispose();
 */
export function adam(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number): FusedAdam {
  return new FusedAdam(learningRate, beta1, beta2, epsilon);
}
