// marked's Lexer, cut down at build time to what the widget runs: GFM with marked's default
// options. marked's module carries an HTML renderer and parser, the `pedantic` and `breaks` rule
// sets, extension and hook points, and option checks in every tokenizer; none of it runs here, and
// none of it can be dropped by the minifier, which cannot know that the options never change.
// The widget calls `Lexer.lex(text)` without options and never calls marked's setOptions (the
// module's `marked()` and its shared instance are cut off), so the options are fixed.
import { type ESTree, minifySync, parseAst, Visitor } from 'vite';

/** marked's defaults (its `_getDefaults()`), which the widget never changes. */
const PINNED_OPTIONS: Record<string, string> = {
  pedantic: 'false',
  breaks: 'false',
  gfm: 'true',
  silent: 'false',
  extensions: 'null',
  hooks: 'null',
};
/** Rule sets only other options select (marked's `Lexer.rules` exposes them; the widget does not read it). */
const UNUSED_RULE_SETS = ['pedantic', 'breaks'];
/** Lexer statics the widget does not call: `rules` keeps every rule set alive. */
const UNUSED_STATICS = ['rules', 'lexInline'];

type Edit = [start: number, end: number, text: string];

const layoutChanged = (what: string) =>
  new Error(`marked changed its module layout (${what}): update tools/marked-lexer.ts`);

function applyEdits(code: string, edits: Edit[]): string {
  for (const [start, end, text] of [...edits].sort((a, b) => b[0] - a[0])) code = code.slice(0, start) + text + code.slice(end);
  return code;
}

/**
 * Every name the code reads: how often each identifier occurs (declarations included; property
 * names in `a.b` and `{ b: … }` are not references), and every `.property` name read.
 */
function namesIn(program: ESTree.Program) {
  const identifiers = new Map<string, number>();
  const properties = new Set<string>();
  const add = (name: string, by: number) => identifiers.set(name, (identifiers.get(name) ?? 0) + by);
  new Visitor({
    Identifier(node) {
      add(node.name, 1);
    },
    MemberExpression(node) {
      if (node.computed || node.property.type !== 'Identifier') return;
      properties.add(node.property.name);
      add(node.property.name, -1);
    },
    Property(node) {
      if (!node.computed && !node.shorthand && node.key.type === 'Identifier') add(node.key.name, -1);
    },
  }).visit(program);
  return { identifiers, properties };
}

const keyName = (property: ESTree.ObjectPropertyKind) =>
  property.type === 'Property' && !property.computed
    ? property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : null
    : null;

/**
 * One pass of dead-code removal the minifier cannot do on its own: top-level declarations nothing
 * reads (marked's are regular expressions built by function calls, which the minifier keeps in
 * case they have effects; they have none), and keys nothing reads of the rule tables (`other`,
 * and the block and inline rule sets). Returns null when there is nothing left to remove.
 */
function removeUnread(code: string, tables: Set<string>): string | null {
  const program = parseAst(code);
  const { identifiers, properties } = namesIn(program);
  const edits: Edit[] = [];
  const objects = new Map<string, ESTree.ObjectExpression>();
  for (const statement of program.body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const d of statement.declarations) if (d.id.type === 'Identifier' && d.init?.type === 'ObjectExpression') objects.set(d.id.name, d.init);
  }
  const propertyText = (p: ESTree.ObjectPropertyKind) => code.slice(p.start, p.end);
  // `{ ...base, key: … }` where nothing else reads `base`: its properties move in, those the
  // object sets again left out, so that a value it replaces is never built.
  const flattened = (init: ESTree.ObjectExpression): ESTree.ObjectPropertyKind[] =>
    init.properties.flatMap((p) => {
      const base = p.type === 'SpreadElement' && p.argument.type === 'Identifier' && identifiers.get(p.argument.name) === 2 ? objects.get(p.argument.name) : undefined;
      if (!base) return [p];
      const replaced = new Set(init.properties.map(keyName));
      return base.properties.filter((q) => keyName(q) === null || !replaced.has(keyName(q)));
    });
  for (const statement of program.body) {
    if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') {
      if (statement.id && identifiers.get(statement.id.name) === 1) edits.push([statement.start, statement.end, '']);
      continue;
    }
    if (statement.type !== 'VariableDeclaration') continue;
    const kept = statement.declarations.filter((d) => d.id.type !== 'Identifier' || identifiers.get(d.id.name)! > 1);
    let changed = kept.length !== statement.declarations.length;
    const texts = kept.map((declarator) => {
      const init = declarator.init;
      if (declarator.id.type !== 'Identifier' || init?.type !== 'ObjectExpression') return code.slice(declarator.start, declarator.end);
      const isTable = tables.has(declarator.id.name);
      const read = flattened(init).filter((p) => !isTable || p.type === 'SpreadElement' || keyName(p) === null || properties.has(keyName(p)!));
      if (read.length === init.properties.length && read.every((p, i) => p === init.properties[i])) return code.slice(declarator.start, declarator.end);
      changed = true;
      return `${declarator.id.name}={${read.map(propertyText).join(',')}}`;
    });
    if (changed) edits.push([statement.start, statement.end, kept.length ? `${statement.kind} ${texts.join(',')};` : '']);
  }
  return edits.length ? applyEdits(code, edits) : null;
}

/** Names the language and the host give properties: a property of marked's by one of these names is left alone. */
const BUILT_IN_NAMES = new Set([
  ...[Object, Function, Array, String, RegExp, Map, WeakMap, Set, WeakSet, Promise, Number, Boolean, Symbol, Error, Date].flatMap((type) => [
    ...Object.getOwnPropertyNames(type),
    ...Object.getOwnPropertyNames(type.prototype),
  ]),
  ...Object.getOwnPropertyNames(Math),
  ...Object.getOwnPropertyNames(JSON),
  ...Object.getOwnPropertyNames(console),
  ...Object.getOwnPropertyNames(globalThis),
  // A match's own properties.
  'index', 'input', 'groups', 'indices',
]);

/**
 * marked's internal property names are long (`emStrongRDelimAst`, `blockquoteSetextReplace2`,
 * `linkParenPossible`…) and only its own code reads them: they get short names. Renamed is a
 * name that the module gives a property of its own (an object's key, a class member) and that
 * nothing outside can see: not a token's field (the widget reads tokens), an option, a member of
 * the exported Lexer, a string anywhere in the module, or a built-in property's name.
 */
function shortInternalNames(code: string, lexer: string): string {
  const program = parseAst(code);
  const keyOf = (key: ESTree.PropertyKey) => (key.type === 'Identifier' ? key.name : key.type === 'Literal' ? String(key.value) : null);
  const own = new Set<string>();
  const visible = new Set<string>(BUILT_IN_NAMES);
  const uses: { node: ESTree.Span; name: string; shorthand: boolean }[] = [];
  const classMembers = (node: ESTree.Class) => {
    const exported = node.id?.name === lexer || program.body.some((s) => s.type === 'VariableDeclaration' && s.declarations.some((d) => d.init === node && d.id.type === 'Identifier' && d.id.name === lexer));
    for (const member of node.body.body) {
      if ((member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') || member.computed || member.key.type !== 'Identifier') continue;
      (exported || member.static ? visible : own).add(member.key.name);
      uses.push({ node: member.key, name: member.key.name, shorthand: false });
    }
  };
  new Visitor({
    ObjectExpression(node) {
      const keys = node.properties.flatMap((p) => (p.type === 'Property' && !p.computed && keyOf(p.key) !== null ? [keyOf(p.key)!] : []));
      // A token (its `type`) or the options (`walkTokens`): seen by code outside.
      const outside = keys.includes('type') || keys.includes('walkTokens');
      for (const key of keys) (outside ? visible : own).add(key);
    },
    Property(node) {
      if (!node.computed && node.key.type === 'Identifier') uses.push({ node: node.key, name: node.key.name, shorthand: node.shorthand });
      if (!node.computed && node.key.type === 'Literal') visible.add(String(node.key.value));
    },
    MemberExpression(node) {
      if (!node.computed && node.property.type === 'Identifier') uses.push({ node: node.property, name: node.property.name, shorthand: false });
    },
    ClassDeclaration: classMembers,
    ClassExpression: classMembers,
    Literal(node) {
      if (typeof node.value === 'string') visible.add(node.value);
    },
    TemplateElement(node) {
      visible.add(node.value.cooked ?? '');
    },
  }).visit(program);

  const renamed = new Map<string, string>();
  const taken = new Set(uses.map((use) => use.name));
  let counter = 0;
  const nextName = () => {
    for (;;) {
      let name = '';
      for (let n = counter++; n >= 0; n = Math.floor(n / 26) - 1) name = String.fromCharCode(97 + (n % 26)) + name;
      if (!taken.has(name) && !visible.has(name)) return name;
    }
  };
  for (const name of own) if (!visible.has(name) && name.length > 2) renamed.set(name, nextName());
  const edits: Edit[] = uses.flatMap(({ node, name, shorthand }): Edit[] => {
    const short = renamed.get(name);
    if (!short) return [];
    return [[node.start, node.end, shorthand ? `${short}:${name}` : short]];
  });
  return applyEdits(code, edits);
}

/** The Lexer's local name, from the module's closing `export{…}`. */
function exportedLocal(code: string, name: string): string | undefined {
  const list = /export\s*\{([^}]*)\}\s*;?\s*(\/\/.*\s*)?$/.exec(code)?.[1] ?? '';
  return [...list.matchAll(/([\w$]+) as ([\w$]+)/g)].find(([, , exported]) => exported === name)?.[1];
}

/**
 * marked builds most of its regular expressions when its module loads, by splicing shared parts
 * into templates (`edit(/…label…/).replace('label', …).getRegex()`). The results are the same on
 * every load: build them here, once, and ship them as literals, with no splicing code.
 */
async function prebuiltRegExps(code: string): Promise<string> {
  const program = parseAst(code);
  const declarators = program.body.flatMap((s) => (s.type === 'VariableDeclaration' ? s.declarations : []));
  const names = declarators.flatMap((d) => (d.id.type === 'Identifier' ? [d.id.name] : []));
  const module = code.replace(/export\{[^}]*\};?\s*$/, `export const values={${names.join(',')}};`);
  const { values } = (await import(`data:text/javascript,${encodeURIComponent(module)}`)) as { values: Record<string, unknown> };
  const literal = (value: unknown) => (value instanceof RegExp ? `/${value.source}/${value.flags}` : null);
  const edits: Edit[] = [];
  for (const { id, init } of declarators) {
    if (id.type !== 'Identifier' || !init) continue;
    const value = values[id.name];
    const built = init.type === 'CallExpression' ? literal(value) : null;
    if (built) edits.push([init.start, init.end, built]);
    if (init.type !== 'ObjectExpression') continue;
    for (const property of init.properties) {
      const key = keyName(property);
      const text = property.type === 'Property' && property.value.type === 'CallExpression' && key !== null ? literal((value as Record<string, unknown>)[key]) : null;
      if (text && property.type === 'Property') edits.push([property.value.start, property.value.end, text]);
    }
  }
  return applyEdits(code, edits);
}

/** marked's ESM build, reduced to `export { Lexer }` for GFM with the default options. */
export async function markedGfmLexer(source: string): Promise<string> {
  // The module ends by building `marked()` and a shared instance, which keep the renderer and
  // parser alive: cut there.
  const lexer = exportedLocal(source, 'Lexer');
  const marked = exportedLocal(source, 'Marked');
  const instance = marked ? new RegExp(`var [\\w$]+=new ${marked.replace(/\$/g, '\\$')};`).exec(source) : null;
  if (!lexer || !instance) throw layoutChanged('its exports');
  let code = `${source.slice(0, instance.index)}export{${lexer} as Lexer};`;

  for (const [option, value] of Object.entries(PINNED_OPTIONS)) {
    const read = new RegExp(`this\\.options\\.${option}\\b(?!\\s*=[^=])`, 'g');
    if (!read.test(code)) throw layoutChanged(`no this.options.${option}`);
    code = code.replace(read, value);
  }

  // Statics, and the rule tables: the object literal the Lexer's constructor assembles
  // (`{ other, block: blockSets.normal, inline: inlineSets.normal }`).
  const program = parseAst(code);
  const edits: Edit[] = [];
  const tables = new Set<string>();
  let lookbehind: string | undefined;
  let pinnedRules: Record<string, string> | undefined;
  let replacedSteps = 0;
  const ruleReads: ESTree.StaticMemberExpression[] = [];
  new Visitor({
    ClassBody(body) {
      for (const member of body.body) {
        if (member.type === 'MethodDefinition' && member.static && member.key.type === 'Identifier' && UNUSED_STATICS.includes(member.key.name)) edits.push([member.start, member.end, '']);
      }
    },
    ObjectExpression(node) {
      const value = (key: string) => (node.properties.find((p) => keyName(p) === key) as ESTree.ObjectProperty | undefined)?.value;
      const other = value('other');
      const block = value('block');
      const inline = value('inline');
      if (other?.type !== 'Identifier' || block?.type !== 'MemberExpression' || inline?.type !== 'MemberExpression') return;
      for (const table of [other, block.object, inline.object]) if (table.type === 'Identifier') tables.add(table.name);
      // The constructor starts from the `normal` sets and picks `gfm` ones for the default
      // options: start from those, so that the `normal` sets live on only inside the `gfm` ones.
      for (const sets of [block, inline]) {
        if (sets.property.type === 'Identifier' && sets.property.name === 'normal') edits.push([sets.property.start, sets.property.end, 'gfm']);
      }
      if (other.type === 'Identifier' && block.object.type === 'Identifier' && inline.object.type === 'Identifier') {
        pinnedRules = { other: other.name, block: `${block.object.name}.gfm`, inline: `${inline.object.name}.gfm` };
      }
    },
    ReturnStatement(node) {
      // marked's defaults (`_getDefaults()`): with every option but `tokenizer` pinned above,
      // nothing reads them (the lexer keeps its tokenizer there).
      const defaults = node.argument;
      if (defaults?.type === 'ObjectExpression' && defaults.properties.some((p) => keyName(p) === 'walkTokens')) edits.push([defaults.start, defaults.end, '{}']);
    },
    MemberExpression(node) {
      // `this.rules.other` and the like in the tokenizer (`this.tokenizer.rules.inline` in the
      // lexer): with the options fixed, always the same tables.
      const rules = node.object;
      if (node.computed || node.property.type !== 'Identifier' || rules.type !== 'MemberExpression' || rules.computed) return;
      if (rules.property.type !== 'Identifier' || rules.property.name !== 'rules') return;
      const owner = rules.object;
      const isThis = owner.type === 'ThisExpression' || (owner.type === 'MemberExpression' && owner.object.type === 'ThisExpression' && !owner.computed && owner.property.type === 'Identifier' && owner.property.name === 'tokenizer');
      if (isThis && ['other', 'block', 'inline'].includes(node.property.name)) ruleReads.push(node as ESTree.StaticMemberExpression);
    },
    VariableDeclarator(node) {
      // Whether the browser has regular-expression lookbehind: every browser the widget supports does.
      if (node.id.type === 'Identifier' && node.init?.type === 'CallExpression' && code.slice(node.init.start, node.init.end).includes('(?<=1)(?<!1)')) {
        lookbehind = node.id.name;
        edits.push([node.init.start, node.init.end, 'true']);
      }
    },
    BinaryExpression(node) {
      // `this.tokenizer.paragraph === Tokenizer.prototype.paragraph`: whether an extension replaced
      // a step. None does (the lexer makes its own tokenizer).
      if (node.operator !== '===' && node.operator !== '!==') return;
      const step = (side: ESTree.Expression | ESTree.PrivateIdentifier, owner: (object: ESTree.Expression) => boolean) =>
        side.type === 'MemberExpression' && !side.computed && side.property.type === 'Identifier' && owner(side.object) ? side.property.name : null;
      const own = step(node.left, (o) => o.type === 'MemberExpression' && o.object.type === 'ThisExpression' && !o.computed && o.property.type === 'Identifier' && o.property.name === 'tokenizer');
      const original = step(node.right, (o) => o.type === 'MemberExpression' && !o.computed && o.property.type === 'Identifier' && o.property.name === 'prototype');
      if (own && own === original) edits.push([node.start, node.end, String(node.operator === '===')]), replacedSteps++;
    },
    ConditionalExpression(node) {
      if (node.test.type === 'Identifier' && node.test.name === lookbehind) edits.push([node.start, node.end, code.slice(node.consequent.start, node.consequent.end)]);
    },
  }).visit(program);
  if (edits.length !== UNUSED_STATICS.length + 6 + replacedSteps || !replacedSteps || tables.size !== 3 || !pinnedRules || !ruleReads.length) throw layoutChanged('the Lexer class');
  for (const read of ruleReads) edits.push([read.start, read.end, pinnedRules[(read.property as ESTree.IdentifierName).name]!]);
  code = applyEdits(code, edits);

  // The pinned options leave branches that can never run: the minifier folds them away (names
  // stay, so that the passes below can read them).
  code = minifySync('marked.esm.js', code, { compress: true, mangle: false }).code;
  for (let next = removeUnread(code, tables); next !== null; next = removeUnread(code, tables)) code = next;
  code = await prebuiltRegExps(code);
  for (let next = removeUnread(code, tables); next !== null; next = removeUnread(code, tables)) code = next;
  code = shortInternalNames(code, lexer);

  const left = namesIn(parseAst(code)).properties;
  const options = [...code.matchAll(/\.options\.([\w$]+)/g)].map((read) => read[1]);
  if (options.some((option) => option !== 'tokenizer')) throw layoutChanged(`it reads options.${options.find((option) => option !== 'tokenizer')}`);
  for (const set of UNUSED_RULE_SETS) if (left.has(set)) throw layoutChanged(`the ${set} rule set is still read`);
  return code;
}
