// Which tab leads a conversation: the one holding its Web Lock (navigator.locks) holds the event
// stream and tracks what it brings. The browser grants the lock to the next tab waiting for it the
// moment the holder closes or resigns, so a tab always leads while any has the conversation open.

/** The part of navigator.locks used here. */
export interface Locks {
  request(name: string, options: { signal: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}

export interface Leadership {
  leading(): boolean;
  /** Stops leading (the next tab takes over), or stops waiting to. */
  resign(): void;
}

/** Waits for the lock; calls `onLead` once it is this tab's, and holds it until resign(). */
export function electLeader(locks: Locks, name: string, onLead: () => void): Leadership {
  const waiting = new AbortController();
  let leading = false;
  let release = () => {};
  locks
    .request(name, { signal: waiting.signal }, () => {
      if (waiting.signal.aborted) return Promise.resolve();
      leading = true;
      const held = new Promise<void>((resolve) => (release = resolve));
      onLead();
      return held;
    })
    .catch(() => {}); // aborted while waiting: resign() came first
  return {
    leading: () => leading,
    resign() {
      leading = false;
      waiting.abort();
      release();
    },
  };
}
