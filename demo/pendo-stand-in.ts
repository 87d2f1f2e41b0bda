// A stand-in for the Pendo agent, installed only when the page has no real one: it records each
// trackAgent call so the demo page (and the e2e tests) can show exactly what Pendo would receive.
export interface RecordedCall {
  eventType: string;
  agenticProperties: unknown;
  properties: unknown;
  at: number;
}

export const CALL_EVENT = 'pendo-stand-in:call';

interface StandIn {
  standIn: true;
  calls: RecordedCall[];
  trackAgent(eventType: string, agenticProperties: unknown, properties?: unknown): void;
}

export function installPendoStandIn(target: Window & { pendo?: unknown }): StandIn | null {
  if (target.pendo) return null;
  const standIn: StandIn = {
    standIn: true,
    calls: [],
    trackAgent(eventType, agenticProperties, properties) {
      // A deep copy: what was sent, not an object the sender may still change.
      const call = structuredClone({ eventType, agenticProperties, properties, at: Date.now() });
      standIn.calls.push(call);
      target.dispatchEvent(new CustomEvent(CALL_EVENT, { detail: call }));
    },
  };
  target.pendo = standIn;
  return standIn;
}
