'use strict';
// clamator-codegen's contract loader. Usage: node loader.cjs <file.ts>...
// Bundles each file with esbuild (zod stays external and resolves to this cache's pinned copy;
// '@clamator/protocol' resolves to the shim below, so contracts load where that package is not installed),
// runs it, and prints every exported contract's methods with their JSON Schemas (zod-to-json-schema,
// target jsonSchema7, $refStrategy none: the text docs/protocol.md §10.4 hashes) as one JSON document on stdout.
// Each schema comes twice: as hashed, and annotated for the C# mapping with what JSON Schema cannot say but
// Zod checks (regex flags applied to patterns; x-clamator-datetime / x-clamator-time: the options of
// .datetime() and .time(); x-clamator-strict: an object that refuses unknown keys).
// Exit codes: 3 a file failed to build or run, or a contract is malformed; 4 anything else.
const Module = require('module');

const brand = Symbol.for('clamator.contract');
const shim = `
const brand = Symbol.for('clamator.contract');
function defineMethod(def) { return { kind: 'method', params: def && def.params, result: def && def.result }; }
function defineNotification(def) { return { kind: 'notification', params: def && def.params }; }
function defineContract(service, methods) { return { [brand]: true, service, methods }; }
module.exports = { defineContract, defineMethod, defineNotification };
`;

function fail(file, message) {
  process.stderr.write(`${file}: ${message}\n`);
  process.exit(3);
}

async function bundle(esbuild, file) {
  try {
    const built = await esbuild.build({
      entryPoints: [file], bundle: true, write: false, platform: 'node', format: 'cjs', logLevel: 'silent',
      external: ['zod', 'zod/*'],
      plugins: [{
        name: 'clamator-protocol',
        setup(build) {
          build.onResolve({ filter: /^@clamator\/protocol$/ }, () => ({ path: 'clamator-protocol', namespace: 'clamator-shim' }));
          build.onLoad({ filter: /.*/, namespace: 'clamator-shim' }, () => ({ contents: shim, loader: 'js' }));
        },
      }],
    });
    return built.outputFiles[0].text;
  } catch (e) {
    const errors = (e.errors || []).map(x => x.text + (x.location ? ` (${x.location.file}:${x.location.line}:${x.location.column})` : ''));
    fail(file, errors.length > 0 ? errors.join('; ') : String(e && e.message || e));
  }
}

function run(file, code) {
  const m = new Module(file, null);
  m.filename = file;
  m.paths = Module._nodeModulePaths(__dirname);
  try {
    m._compile(code, file);
  } catch (e) {
    fail(file, `failed to load: ${e && e.message || e}`);
  }
  return m.exports;
}

async function main() {
  const esbuild = require('esbuild');
  const { zodToJsonSchema } = require('zod-to-json-schema');
  const schema = s => JSON.stringify(zodToJsonSchema(s, { target: 'jsonSchema7', $refStrategy: 'none' }));
  const annotate = (json, def) => {
    if (!json || typeof json !== 'object' || !def) return json;
    const checks = def.typeName === 'ZodString' ? def.checks || [] : [];
    const datetime = checks.find(c => c.kind === 'datetime');
    const time = checks.find(c => c.kind === 'time');
    if (datetime) json = { ...json, 'x-clamator-datetime': { offset: !!datetime.offset, local: !!datetime.local, precision: datetime.precision ?? null } };
    if (time) json = { ...json, 'x-clamator-time': { precision: time.precision ?? null } };
    if (def.typeName === 'ZodObject' && def.unknownKeys === 'strict') json = { ...json, 'x-clamator-strict': true };
    return json;
  };
  const mapping = s => JSON.stringify(zodToJsonSchema(s, { target: 'jsonSchema7', $refStrategy: 'none', applyRegexFlags: true, postProcess: annotate }));
  const isZod = s => s && typeof s === 'object' && s._def && typeof s.safeParse === 'function';
  const contracts = [];
  for (const file of process.argv.slice(2)) {
    const exports = run(file, await bundle(esbuild, file));
    for (const [exportName, value] of Object.entries(exports)) {
      if (!value || typeof value !== 'object' || value[brand] !== true) continue;
      if (typeof value.service !== 'string') fail(file, `contract '${exportName}' has no service name`);
      const methods = [];
      for (const [name, def] of Object.entries(value.methods || {})) {
        const where = `${value.service}.${name}`;
        if (!def || (def.kind !== 'method' && def.kind !== 'notification')) fail(file, `${where} is not made by defineMethod or defineNotification`);
        if (!isZod(def.params)) fail(file, `${where} has no Zod params schema`);
        if (def.kind === 'method' && !isZod(def.result)) fail(file, `${where} has no Zod result schema`);
        if (def.params._zod || (def.result && def.result._zod)) {
          fail(file, `${where} uses Zod 4 schemas; clamator-codegen reads Zod 3 (import { z } from 'zod'), whose JSON Schemas the shared hashes are defined on`);
        }
        methods.push({
          name,
          notification: def.kind === 'notification',
          params: schema(def.params),
          result: def.kind === 'method' ? schema(def.result) : null,
          paramsMapping: mapping(def.params),
          resultMapping: def.kind === 'method' ? mapping(def.result) : null,
        });
      }
      contracts.push({ file, export: exportName, service: value.service, methods });
    }
  }
  process.stdout.write(JSON.stringify({ contracts }));
}

main().catch(e => {
  process.stderr.write(`${e && e.stack || e}\n`);
  process.exit(4);
});
