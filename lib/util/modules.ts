/** Which optional packages count as installed. */
export interface OptionalModules {
  /**
   * Package names treated as not installed, as on a machine where they did not install or build,
   * e.g. `["vae-lab-blas"]` for a test of the XNNPACK fallback. Default none.
   */
  blocked?: readonly string[];
}

/**
 * `require(id)` for an optional dependency. A missing (or blocked) package throws node's own
 * `MODULE_NOT_FOUND` error, so callers tell "not installed" from "failed to load" in one place.
 * @example requireOptional("vae-lab-blas", { blocked: ["vae-lab-blas"] }) // throws MODULE_NOT_FOUND
 */
export function requireOptional<T = unknown>(id: string, options: OptionalModules = {}): T {
  if (options.blocked?.includes(id)) {
    throw Object.assign(new Error(`Cannot find module '${id}' (blocked)`), { code: "MODULE_NOT_FOUND" });
  }
  return require(id) as T;
}
