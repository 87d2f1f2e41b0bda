// The public event bus: handlers are page code, so each call is guarded.
export interface Emitter<Events> {
  on<K extends keyof Events>(name: K, handler: (payload: Events[K]) => void): () => void;
  emit<K extends keyof Events>(name: K, payload: Events[K]): void;
  clear(): void;
}

export function createEmitter<Events>(): Emitter<Events> {
  const handlers = new Map<keyof Events, Set<(payload: never) => void>>();
  return {
    on(name, handler) {
      let set = handlers.get(name);
      if (!set) handlers.set(name, (set = new Set()));
      set.add(handler);
      return () => void set.delete(handler);
    },
    emit(name, payload) {
      for (const handler of handlers.get(name) ?? []) {
        try {
          (handler as (payload: Events[typeof name]) => void)(payload);
        } catch (e) {
          console.error(`[agent-chat] an "${String(name)}" handler threw`, e);
        }
      }
    },
    clear: () => handlers.clear(),
  };
}
