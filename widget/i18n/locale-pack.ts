// Fetches one built-in locale's strings (a JSON object). Only known keys with string values are
// kept; any failure costs one warning and leaves the widget in English.
import { isRecord, isString, parseJson } from '../protocol/json';
import type { Timers } from '../time';
import { EN_STRINGS, type Strings } from './strings';

const TIMEOUT_MS = 3000;

export async function loadLocalePack(url: string, fetch: typeof globalThis.fetch, timers: Timers): Promise<Partial<Strings>> {
  const controller = new AbortController();
  const timeout = timers.set(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(url, { signal: controller.signal });
    const json = parseJson(await response.text());
    if (!response.ok || !isRecord(json)) throw new Error(`HTTP ${response.status}`);
    return Object.fromEntries(Object.keys(EN_STRINGS).flatMap((key) => (isString(json[key]) ? [[key, json[key]]] : [])));
  } catch (e) {
    console.warn(`[agent-chat] could not load ${url} (${String(e)}); showing English`);
    return {};
  } finally {
    timers.clear(timeout);
  }
}
