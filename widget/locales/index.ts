// The built-in translations, kept as JSON: the build copies them beside the script tag
// (dist/locales/<code>.json), which fetches its visitor's one; npm users may import one and pass
// it as `strings`. Typed here, so a missing key fails the typecheck.
import type { Strings } from '../i18n/strings';
import arJson from './ar.json';
import deJson from './de.json';
import esJson from './es.json';
import frJson from './fr.json';
import jaJson from './ja.json';

export const ar: Strings = arJson;
export const de: Strings = deJson;
export const es: Strings = esJson;
export const fr: Strings = frJson;
export const ja: Strings = jaJson;
export const LOCALES = { ar, de, es, fr, ja };
