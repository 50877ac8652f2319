import { PROFILE_VARIABLE } from "./kernel-keys";

/** The run profiles every notebook knows, cheapest first. */
export const PROFILES = ["smoke", "quick", "full"] as const;

/** A run profile: `smoke` (tests: tiny, every cell runs), `quick` (the default), `full` (the seeds' settings). */
export type Profile = (typeof PROFILES)[number];

/** Checks a profile name; throws one line with the valid choices. */
export function checkProfile(value: unknown, where = "profile"): Profile {
  if (!(PROFILES as readonly unknown[]).includes(value)) {
    throw new Error(`invalid ${where}: ${value} (choose one of ${PROFILES.join(", ")})`);
  }
  return value as Profile;
}

/**
 * The active profile: the environment variable `VAE_LAB_PROFILE` of the kernel, else `quick`.
 * `npm run report` sets it on each kernel it starts, so the parameters cell already reads the
 * report's profile; in JupyterLab, `VAE_LAB_PROFILE=smoke jupyter lab notebooks/` chooses it.
 * @example const profile = lab.profile(); // "quick" in a fresh JupyterLab session
 */
export function profile(): Profile {
  const env = process.env[PROFILE_VARIABLE];
  return env ? checkProfile(env, PROFILE_VARIABLE) : "quick";
}

/**
 * The value for the active profile from a small table, so a parameters cell shows what each profile
 * means: `const epochs = lab.byProfile({ smoke: 1, quick: 10, full: 50 })`.
 */
export function byProfile<T>(values: Record<Profile, T>, active: Profile = profile()): T {
  if (!(active in values)) throw new Error(`byProfile: no value for profile ${active} (given: ${Object.keys(values).join(", ")})`);
  return values[active];
}
