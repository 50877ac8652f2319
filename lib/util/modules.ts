/**
 * Package names that {@link requireOptional} treats as not installed. A hook for tests that stand
 * for a machine without an optional package (`blockedModules.add("vae-lab-blas")` before the
 * backend loads); the shipped code never adds to it.
 */
export const blockedModules = new Set<string>();

/**
 * `require(id)` for an optional dependency. A missing (or blocked) package throws node's own
 * `MODULE_NOT_FOUND` error, so callers tell "not installed" from "failed to load" in one place.
 */
export function requireOptional<T = unknown>(id: string): T {
  if (blockedModules.has(id)) throw Object.assign(new Error(`Cannot find module '${id}' (blocked)`), { code: "MODULE_NOT_FOUND" });
  return require(id) as T;
}
