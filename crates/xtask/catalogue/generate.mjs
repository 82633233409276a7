// Reads the request types of @anthropic-ai/sdk (its .d.ts files, through the TypeScript compiler API) and
// prints triage-core's generated request catalogue, a Rust file, on stdout. Run by `cargo xtask catalogue`,
// which formats the output with rustfmt and writes or checks crates/triage-core/src/request/catalogue/sdk.rs.
//
// What is read, GA and beta twins alike (the catalogue is their union, so a beta request is not flagged):
//   - `MessageCreateParamsBase` and `MessageCountTokensParams`: the body fields, less the parameters the SDK's
//     `create`/`countTokens` take out of the body and send as headers (`betas`, `user_profile_id`, ...);
//   - the members of `ContentBlockParam`: content blocks, by their `type` literal;
//   - the members of `ToolUnion`: tools, by their `type` literals, grouped into families (the type without
//     its `_YYYYMMDD` suffix) with the `name` literals the API requires.
// For every member: its name, whether it is optional, and a coarse JSON type.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const sdkDir = path.join(here, 'node_modules/@anthropic-ai/sdk');
const sdkVersion = JSON.parse(fs.readFileSync(path.join(sdkDir, 'package.json'), 'utf8')).version;

const MODULES = {
  ga: {
    dts: 'resources/messages/messages.d.ts',
    js: 'resources/messages/messages.js',
    create: 'MessageCreateParamsBase',
    countTokens: 'MessageCountTokensParams',
    blocks: 'ContentBlockParam',
    tools: 'ToolUnion',
  },
  beta: {
    dts: 'resources/beta/messages/messages.d.ts',
    js: 'resources/beta/messages/messages.js',
    create: 'MessageCreateParamsBase',
    countTokens: 'MessageCountTokensParams',
    blocks: 'BetaContentBlockParam',
    tools: 'BetaToolUnion',
  },
};

const program = ts.createProgram(
  Object.values(MODULES).map((m) => path.join(sdkDir, m.dts)),
  { strict: true, noEmit: true, skipLibCheck: true, types: [], target: ts.ScriptTarget.ES2022 },
);
const checker = program.getTypeChecker();

function fail(message) {
  console.error(`catalogue: ${message}`);
  process.exit(1);
}

/// The exported declarations of one .d.ts module, by name.
function exportsOf(dts) {
  const file = program.getSourceFile(path.join(sdkDir, dts)) ?? fail(`${dts} not found`);
  const module = checker.getSymbolAtLocation(file) ?? fail(`${dts} is not a module`);
  return new Map(checker.getExportsOfModule(module).map((s) => [s.name, s]));
}

function declaredType(exports, name) {
  const symbol = exports.get(name) ?? fail(`the SDK no longer exports ${name}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

const F = ts.TypeFlags;

/// The JSON types a TypeScript type admits: string, number, bool, object, array, null, any.
function jsonTypes(type, out = new Set()) {
  if (type.flags & (F.Any | F.Unknown)) out.add('any');
  else if (type.flags & (F.Undefined | F.Void | F.Never)) {
    // An optional member's `undefined`: absent, not a JSON value.
  } else if (type.flags & F.Null) out.add('null');
  else if (type.flags & F.StringLike) out.add('string');
  else if (type.flags & (F.NumberLike | F.BigIntLike)) out.add('number');
  else if (type.flags & F.BooleanLike) out.add('bool');
  else if (type.isUnion()) type.types.forEach((t) => jsonTypes(t, out));
  else if (type.isIntersection()) {
    // `string & {}` (an open string enum) is a string; an intersection of object types is an object.
    const primitive = type.types.find((t) => !(t.flags & F.Object));
    if (primitive) jsonTypes(primitive, out);
    else out.add('object');
  } else if (checker.isArrayType(type) || checker.isTupleType(type)) out.add('array');
  else if (type.flags & (F.Object | F.NonPrimitive)) out.add('object');
  else out.add('any');
  return out;
}

function literals(type) {
  const parts = type.isUnion() ? type.types : [type];
  return parts.filter((t) => t.isStringLiteral()).map((t) => t.value);
}

/// `{name, optional, json}` for each member of an interface, in declaration order.
function members(type) {
  return checker.getPropertiesOfType(type).map((property) => ({
    name: property.name,
    optional: (property.flags & ts.SymbolFlags.Optional) !== 0,
    json: jsonTypes(checker.getTypeOfSymbol(property)),
    type: checker.getTypeOfSymbol(property),
  }));
}

function unionMembers(type, name) {
  if (!type.isUnion()) fail(`${name} is no longer a union`);
  return type.types.map((t) => ({ name: checker.typeToString(t), members: members(t) }));
}

/// Members of several shapes merged by name: optional when optional in any, every JSON type any admits.
function merge(lists) {
  const byName = new Map();
  for (const list of lists) {
    for (const m of list) {
      const seen = byName.get(m.name);
      if (!seen) byName.set(m.name, { name: m.name, optional: m.optional, json: new Set(m.json) });
      else {
        seen.optional ||= m.optional;
        m.json.forEach((j) => seen.json.add(j));
      }
    }
  }
  // Required members first, then the optional ones, each alphabetical: a stable order for diffs.
  return [...byName.values()].sort(
    (a, b) => Number(a.optional) - Number(b.optional) || a.name.localeCompare(b.name),
  );
}

/// The parameters `create(params, options)` takes out of the body (`const { betas, ...body } = params`), each
/// with the header the SDK sends it in.
function headerParams(js) {
  const source = fs.readFileSync(path.join(sdkDir, js), 'utf8');
  const create = source.indexOf('create(params, options)');
  const match = /const \{ ([\w, ]+), \.\.\.body \} =/.exec(source.slice(create));
  if (create < 0 || !match) fail(`${js}: create() no longer takes parameters out of the body`);
  const libJs = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'src') walk(full);
      else if (entry.name.endsWith('.js')) libJs.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(sdkDir);
  const all = libJs.join('\n');
  return match[1].split(',').map((name) => {
    name = name.trim();
    const header = new RegExp(`'(anthropic-[a-z-]+)':[^\\n]*\\b${name}\\b`).exec(all);
    if (!header) fail(`no header found for the SDK parameter ${name}`);
    return { name, header: header[1] };
  });
}

const TYPES = ['string', 'number', 'bool', 'object', 'array', 'null'];
const CONST = { string: 'S', number: 'N', bool: 'B', object: 'O', array: 'A', null: 'NULL' };

function rustJson(json) {
  if (json.has('any') || TYPES.every((t) => json.has(t))) return 'ANY';
  return TYPES.filter((t) => json.has(t)).map((t) => CONST[t]).join(' | ');
}

function rustMembers(list, indent) {
  const pad = ' '.repeat(indent);
  return list
    .map((m) => `${pad}m(${JSON.stringify(m.name)}, ${m.optional ? 'OPTIONAL' : 'REQUIRED'}, ${rustJson(m.json)}),`)
    .join('\n');
}

function strs(list) {
  return `&[${list.map((s) => JSON.stringify(s)).join(', ')}]`;
}

const ga = exportsOf(MODULES.ga.dts);
const beta = exportsOf(MODULES.beta.dts);
const both = [
  [ga, MODULES.ga],
  [beta, MODULES.beta],
];

const headers = new Map();
for (const [, m] of both) for (const p of headerParams(m.js)) headers.set(p.name, p.header);
const notBody = (m) => !headers.has(m.name);

const create = merge(both.map(([e, m]) => members(declaredType(e, m.create)).filter(notBody)));
const countTokens = merge(both.map(([e, m]) => members(declaredType(e, m.countTokens)).filter(notBody)));

// Content blocks, by `type` literal: those of a message, then those only found nested in a block's `content`
// (`tool_reference` in a `tool_result`), which the core checks with the same table.
const blocks = new Map();
const nested = [];
function addBlock(shape) {
  const kind = shape.members.find((x) => x.name === 'type');
  const kinds = kind ? literals(kind.type) : [];
  if (kinds.length !== 1) fail(`${shape.name} has no single \`type\` literal`);
  const list = blocks.get(kinds[0]) ?? [];
  list.push(shape.members.filter((x) => x.name !== 'type'));
  blocks.set(kinds[0], list);
}
/// The object shapes an array-typed member holds: `content: string | Array<A | B>` gives A and B.
function elementShapes(member) {
  const parts = member.type.isUnion() ? member.type.types : [member.type];
  return parts
    .filter((t) => checker.isArrayType(t))
    .flatMap((t) => {
      const element = checker.getTypeArguments(t)[0];
      return element.isUnion() ? element.types : [element];
    })
    .filter((t) => t.flags & F.Object && checker.getPropertyOfType(t, 'type'))
    .map((t) => ({ name: checker.typeToString(t), members: members(t) }));
}
for (const [e, m] of both) {
  for (const shape of unionMembers(declaredType(e, m.blocks), m.blocks)) {
    addBlock(shape);
    const content = shape.members.find((x) => x.name === 'content');
    if (content) nested.push(...elementShapes(content));
  }
}
const topLevel = new Set(blocks.keys());
for (const shape of nested) {
  const kind = literals(shape.members.find((x) => x.name === 'type').type);
  if (kind.length === 1 && !topLevel.has(kind[0])) addBlock(shape);
}

// Tools, by family.
const family = (kind) => kind.replace(/_\d{8}$/, '');
const tools = new Map();
for (const [e, m] of both) {
  for (const shape of unionMembers(declaredType(e, m.tools), m.tools)) {
    const kind = shape.members.find((x) => x.name === 'type');
    const kinds = kind ? literals(kind.type) : [];
    if (kinds.length === 0) fail(`${shape.name} has no \`type\` literal`);
    const families = [...new Set(kinds.map(family))];
    if (families.length !== 1) fail(`${shape.name}'s types ${kinds} are of several families`);
    const name = shape.members.find((x) => x.name === 'name');
    const entry = tools.get(families[0]) ?? { versions: new Set(), names: new Set(), shapes: [] };
    kinds.forEach((k) => entry.versions.add(k));
    (name ? literals(name.type) : []).forEach((n) => entry.names.add(n));
    entry.shapes.push(shape.members);
    tools.set(families[0], entry);
  }
}

function rustTool(familyName, entry, indent) {
  const pad = ' '.repeat(indent);
  // The custom tool's one `type` is "custom", not a version; the caller chooses its name.
  const versions = familyName === 'custom' ? [] : [...entry.versions].sort();
  return [
    `${pad}Tool {`,
    `${pad}    family: ${JSON.stringify(familyName)},`,
    `${pad}    names: ${strs([...entry.names].sort())},`,
    `${pad}    versions: ${strs(versions)},`,
    `${pad}    members: &[`,
    rustMembers(merge(entry.shapes), indent + 8),
    `${pad}    ],`,
    `${pad}}`,
  ].join('\n');
}

const custom = tools.get('custom') ?? fail('no custom tool (`Tool`) in ToolUnion');
tools.delete('custom');

const out = `//! generated by cargo xtask catalogue from @anthropic-ai/sdk ${sdkVersion}; do not edit.
//!
//! The request shapes the SDK's \`.d.ts\` files declare, GA and beta twins united (\`MessageCreateParamsBase\`,
//! \`MessageCountTokensParams\`, the members of \`ContentBlockParam\`, with the blocks nested in their \`content\`,
//! and of \`ToolUnion\`): for every member its name, whether it is optional, and the JSON types it admits. Plain
//! data with no \`use\`, so that triage-mock includes this same file for its field lists while keeping its own
//! rules.

/// A set of JSON types, as bits.
pub type Json = u8;
pub const S: Json = 1;
pub const N: Json = 2;
pub const B: Json = 4;
pub const O: Json = 8;
pub const A: Json = 16;
pub const NULL: Json = 32;
pub const ANY: Json = 63;

const REQUIRED: bool = false;
const OPTIONAL: bool = true;

/// A member of a request object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub name: &'static str,
    pub optional: bool,
    pub json: Json,
}

const fn m(name: &'static str, optional: bool, json: Json) -> Member {
    Member { name, optional, json }
}

/// A content block type, and its members besides \`type\`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub kind: &'static str,
    pub members: &'static [Member],
}

/// A tool type family: \`web_search\` covers \`web_search_20250305\` and the other versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tool {
    pub family: &'static str,
    /// The \`name\` values the SDK declares for this type; empty when the caller chooses the name.
    pub names: &'static [&'static str],
    /// The \`type\` values the SDK declares.
    pub versions: &'static [&'static str],
    /// Every member, \`type\` included.
    pub members: &'static [Member],
}

pub const SDK: &str = "@anthropic-ai/sdk ${sdkVersion}";

/// The body of \`POST /v1/messages\`.
pub const CREATE: &[Member] = &[
${rustMembers(create, 4)}
];

/// The body of \`POST /v1/messages/count_tokens\`.
pub const COUNT_TOKENS: &[Member] = &[
${rustMembers(countTokens, 4)}
];

/// Parameters the SDK's \`create\` takes beside the body and sends as headers: (parameter, header).
pub const HEADER_PARAMS: &[(&str, &str)] = &[
${[...headers].sort().map(([n, h]) => `    (${JSON.stringify(n)}, ${JSON.stringify(h)}),`).join('\n')}
];

/// Every content block type of a message, user and assistant turns alike.
pub const BLOCKS: &[Block] = &[
${[...blocks]
  .map(
    ([kind, shapes]) =>
      `    Block {\n        kind: ${JSON.stringify(kind)},\n        members: &[\n${rustMembers(merge(shapes), 12)}\n        ],\n    },`,
  )
  .join('\n')}
];

/// The custom tool (\`"type": "custom"\` or no \`type\`).
pub const CUSTOM_TOOL: Tool = ${rustTool('custom', custom, 0)};

/// Every server and client tool type, by family.
pub const TOOLS: &[Tool] = &[
${[...tools].map(([name, entry]) => `${rustTool(name, entry, 4)},`).join('\n')}
];
`;

process.stdout.write(out);
