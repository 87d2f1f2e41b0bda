// Explicit checks for untrusted JSON: each returns the typed value or undefined, never throws.
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function str(obj: JsonRecord, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(obj: JsonRecord, key: string): number | undefined {
  const v = obj[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function rec(obj: JsonRecord, key: string): JsonRecord | undefined {
  const v = obj[key];
  return isRecord(v) ? v : undefined;
}

export function arr(obj: JsonRecord, key: string): unknown[] | undefined {
  const v = obj[key];
  return Array.isArray(v) ? v : undefined;
}

/** An array of strings, or undefined if the key is absent or any element is not a string. */
export function strings(obj: JsonRecord, key: string): string[] | undefined {
  const v = arr(obj, key);
  return v && v.every((s): s is string => typeof s === 'string') ? v : undefined;
}
