/**
 * Seeded randomness. Every random draw in VAE Lab goes through a seed the caller can see: weight
 * initialisers, shuffles, binarisation and the noise of each training step derive their own seeds
 * from the run's seed with {@link deriveSeed}.
 */

/** Mixes a seed with labels into a new 32-bit seed, e.g. `deriveSeed(seed, "shuffle", epoch)`. */
export function deriveSeed(seed: number, ...parts: (string | number)[]): number {
  let h = (seed >>> 0) ^ 0x9e3779b9;
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) h = mix(h ^ s.charCodeAt(i));
    h = mix(h ^ 0x7f4a7c15);
  }
  return mix(h) >>> 0;
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Checks that a seed is a non-negative safe integer and returns it. */
export function checkSeed(seed: number, what = "seed"): number {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`invalid ${what}: ${seed} (expected a non-negative integer)`);
  return seed;
}

/** A small, fast seeded generator (sfc32). Same seed, same sequence, on every platform. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = deriveSeed(seed, "a");
    this.b = deriveSeed(seed, "b");
    this.c = deriveSeed(seed, "c");
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: any }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }
}

/** The indices 0..n-1 in a seeded random order, as a compact Uint32Array. */
export function permutation(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return new Rng(seed).shuffle(out);
}
