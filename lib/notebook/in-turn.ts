/**
 * Runs an asynchronous step for each item, one after the other (never two at once, so a notebook
 * holds one model's tensors at a time), and gathers the results in order. The evaluation functions
 * that read tensor values are asynchronous (webgpu cannot read synchronously), so a notebook maps
 * over models with this where it would write `items.map(f)`.
 * @example
 * const summaries = await lab.inTurn(models, async (m) => [m.key, await lab.generativeSummary(classifier, m.model, test, { reference })]);
 * const summary = Object.fromEntries(summaries);
 */
export async function inTurn<T, R>(items: readonly T[], step: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const [i, item] of items.entries()) out.push(await step(item, i));
  return out;
}

/**
 * {@link inTurn} into an object: one entry per key, the steps run one after the other.
 * @example
 * const metrics = await lab.inTurnByKey(names, (name) => lab.coloredModelMetrics(runs[name].model, classifier, test, { samples, seed }));
 */
export async function inTurnByKey<K extends string, R>(
  keys: readonly K[],
  step: (key: K, index: number) => Promise<R>,
): Promise<Record<K, R>> {
  const values = await inTurn(keys, step);
  return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Record<K, R>;
}
