// The built-in translations. The script tag fetches the visitor's one as JSON (dist/locales/*.json,
// emitted from these at build time); npm users may import one and pass it as `strings`.
import { ar } from './ar';
import { de } from './de';
import { es } from './es';
import { fr } from './fr';
import { ja } from './ja';

export { ar, de, es, fr, ja };
export const LOCALES = { ar, de, es, fr, ja };
