// Explicit checks for untrusted JSON: typed values or undefined, never a cast, never a throw.
export type JsonRecord = Record<string, unknown>;
export type Guard<T> = (value: unknown) => value is T;

export const isRecord: Guard<JsonRecord> = (v): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString: Guard<string> = (v): v is string => typeof v === 'string';
export const isNumber: Guard<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
export const isArray: Guard<unknown[]> = (v): v is unknown[] => Array.isArray(v);
export const isStrings: Guard<string[]> = (v): v is string[] => isArray(v) && v.every(isString);

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Paths split once: a token event reads ten of them, thousands of times a reply. */
const steps = new Map<string, string[]>();

/** The value at a dotted path ("a.b.c"), or undefined when any step is not an object. */
export function get(value: unknown, path: string): unknown {
  let keys = steps.get(path);
  if (!keys) steps.set(path, (keys = path.split('.')));
  for (const key of keys) value = isRecord(value) ? value[key] : undefined;
  return value;
}

/** The value at a path if it passes the guard, else undefined. */
export function opt<T>(value: unknown, path: string, guard: Guard<T>): T | undefined {
  const found = get(value, path);
  return guard(found) ? found : undefined;
}
