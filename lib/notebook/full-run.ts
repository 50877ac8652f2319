import * as fs from "node:fs";
import * as path from "node:path";
import { projectRoot } from "../util/fs";
import { conclusion, type Records } from "./conclusions";
import { profile, type Profile } from "./profile";
import { recorded } from "./record";

/** The committed reference of a full build: where it ran, and the headline conclusions it reached. */
export interface FullRun {
  run: { date: string; machine: string; commit: string };
  conclusions: Record<string, string>;
  /** Each notebook's wall seconds in that build: the start order of a first full build elsewhere. */
  notebooks?: Record<string, { seconds: number }>;
}

/** Where the reference lives: `notebooks/full-run.json`, written by `npm run reference` from a full build. */
export function fullRunFile(root = projectRoot()): string {
  return path.join(root, "notebooks", "full-run.json");
}

/** Reads the reference; undefined when there is none, one-line error naming the file when it is broken. */
export function loadFullRun(file = fullRunFile()): FullRun | undefined {
  if (!fs.existsSync(file)) return undefined;
  let data: FullRun;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
  if (typeof data?.run?.date !== "string" || typeof data.conclusions !== "object" || data.conclusions === null) {
    throw new Error(`${file}: expected { run: { date, machine, commit }, conclusions: { key: text } }`);
  }
  return data;
}

/** Options of {@link atFull}: by default this run's profile, its records so far and the committed reference. */
export interface AtFullOptions {
  profile?: Profile;
  records?: Records;
  reference?: FullRun;
}

/**
 * What an answer adds when its headline conclusion `key` differs from the full profile's: "" at full,
 * when the reference or its conclusion is missing, or when both agree; else a sentence naming the
 * full run's conclusion and saying that this profile's budget decides it. The conclusion is read from
 * this run's records by the same rule as the reference's (lib/notebook/conclusions.ts).
 * @example lab.answer`**Most realistic: ${best.label}.** ${lab.atFull("02.mostRealisticPrior")}`
 */
export function atFull(key: string, o: AtFullOptions = {}): string {
  const c = conclusion(key);
  const active = o.profile ?? profile();
  if (active === "full") return "";
  const reference = o.reference ?? loadFullRun();
  const theirs = reference?.conclusions[key];
  const records = o.records ?? Object.fromEntries(recorded());
  const ours = c.read(records);
  if (ours === undefined) throw new Error(`atFull: ${key} needs records this run has not made yet (record them before the answer)`);
  if (theirs === undefined || theirs === ours) return "";
  const where = `reference run of ${reference!.run.date.slice(0, 10)} on ${reference!.run.machine}`;
  const what = c.question[0].toUpperCase() + c.question.slice(1);
  return `${what}: ${theirs} at the assignment's full settings (${where}), ${ours} in this ${active} run, whose budget decides it.`;
}
