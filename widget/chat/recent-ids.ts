// The stream's entry ids seen lately: a replay or a duplicate delivery of an entry is applied once.
// Bounded: the oldest are forgotten first.
export interface RecentIds {
  /** True the first time an id is offered (within the last `max`). */
  first(id: string): boolean;
  clear(): void;
}

export function createRecentIds(max: number): RecentIds {
  const ids = new Set<string>();
  return {
    first(id) {
      if (ids.has(id)) return false;
      ids.add(id);
      if (ids.size > max) ids.delete(ids.values().next().value!);
      return true;
    },
    clear: () => ids.clear(),
  };
}
