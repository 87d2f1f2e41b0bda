import { readFileSync, writeFileSync } from 'node:fs';
import { markedGfmLexer } from './marked-lexer';
const out = await markedGfmLexer(readFileSync('node_modules/marked/lib/marked.esm.js', 'utf8'));
writeFileSync('/tmp/sz/lexer.js', out);
console.log(out.length);
