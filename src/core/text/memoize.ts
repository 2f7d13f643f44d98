/**
 * Bounded memo tables for the pure per-value normalizers. Names, addresses, code words and dates repeat a
 * lot across members (a province has a few thousand distinct addresses for a million members), so a full
 * re-check spends most of its time computing the same answers again. A table is emptied when it reaches its
 * size limit, which keeps memory bounded without any bookkeeping per hit. Results are frozen: they are shared
 * between callers, so one caller must not be able to change what another one reads.
 */
const DEFAULT_LIMIT = 50_000;

export function freezeResult<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as Record<string, unknown>)) freezeResult(inner);
  }
  return value;
}

/** The same function, answering repeated arguments from a table. */
export function memoizeText<R>(fn: (text: string) => R, limit = DEFAULT_LIMIT): (text: string) => R {
  const table = new Map<string, R>();
  return (text: string) => {
    const hit = table.get(text);
    if (hit !== undefined || table.has(text)) return hit as R;
    const value = freezeResult(fn(text));
    if (table.size >= limit) table.clear();
    table.set(text, value);
    return value;
  };
}

/** Like memoizeText for a function of a reference object (an index, the code lists) and a text: one table per object. */
export function memoizeTextOf<O extends object, R>(
  fn: (owner: O, text: string) => R,
  limit = DEFAULT_LIMIT,
): (owner: O, text: string) => R {
  const tables = new WeakMap<O, Map<string, R>>();
  return (owner: O, text: string) => {
    let table = tables.get(owner);
    if (!table) {
      table = new Map();
      tables.set(owner, table);
    }
    const hit = table.get(text);
    if (hit !== undefined || table.has(text)) return hit as R;
    const value = freezeResult(fn(owner, text));
    if (table.size >= limit) table.clear();
    table.set(text, value);
    return value;
  };
}
