/**
 * What a VAE Lab kernel and the report's runner agree on: the runner chooses each kernel's profile
 * with an environment variable and asks the kernel for its provenance with a user expression. No
 * imports, so the report reads these without loading TensorFlow.js.
 */

/**
 * The environment variable that chooses a kernel's profile (see `profile()`): the one channel for
 * the profile into a notebook, set by `npm run report` on each kernel and by a student starting
 * `VAE_LAB_PROFILE=smoke jupyter lab`.
 */
export const PROFILE_VARIABLE = "VAE_LAB_PROFILE";

/** The `Symbol.for` key of the provenance function a kernel publishes on `globalThis` (see `publishProvenance`). */
export const PROVENANCE_HOOK = "vae-lab.provenance";

/** A user expression whose value displays as the kernel's provenance (JSON); undefined before the lib loaded. */
export const PROVENANCE_EXPRESSION = `(globalThis as any)[Symbol.for(${JSON.stringify(PROVENANCE_HOOK)})]?.()`;
