/** The run profiles every notebook knows, cheapest first. */
export const PROFILES = ["smoke", "quick", "full"] as const;

/** A run profile: `smoke` (tests: tiny, every cell runs), `quick` (the default), `full` (the seeds' settings). */
export type Profile = (typeof PROFILES)[number];

const INJECTED: unique symbol = Symbol.for("vae-lab.profile") as any;

/** Checks a profile name; throws one line with the valid choices. */
export function checkProfile(value: unknown, where = "profile"): Profile {
  if (!(PROFILES as readonly unknown[]).includes(value)) {
    throw new Error(`invalid ${where}: ${value} (choose one of ${PROFILES.join(", ")})`);
  }
  return value as Profile;
}

/**
 * The active profile: the one set by {@link useProfile} (the report's injected-parameters cell does
 * that), else the environment variable `VAE_LAB_PROFILE`, else `quick`.
 * @example const profile = lab.profile(); // "quick" in a fresh JupyterLab session
 */
export function profile(): Profile {
  const injected = (globalThis as any)[INJECTED] as Profile | undefined;
  if (injected) return injected;
  const env = process.env.VAE_LAB_PROFILE;
  return env ? checkProfile(env, "VAE_LAB_PROFILE") : "quick";
}

/** Makes `name` the active profile for the rest of this process (this kernel session). */
export function useProfile(name: Profile): void {
  Object.defineProperty(globalThis, INJECTED, { value: checkProfile(name), configurable: true, writable: true });
}

/**
 * The value for the active profile from a small table, so a parameters cell shows what each profile
 * means: `const epochs = lab.byProfile({ smoke: 1, quick: 10, full: 50 })`.
 */
export function byProfile<T>(values: Record<Profile, T>, active: Profile = profile()): T {
  if (!(active in values)) throw new Error(`byProfile: no value for profile ${active} (given: ${Object.keys(values).join(", ")})`);
  return values[active];
}
