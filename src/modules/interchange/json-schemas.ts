/**
 * JSON Schema validation (ajv 8 with ajv-formats) of what the registry reads and writes in
 * outside formats: AVID reports (our schema of what the import reads: data/schemas/avid/), OSV
 * 1.7.5 records and OpenVEX 0.2.0 documents (the official schemas, shipped in data/schemas/).
 * CSAF is validated with @secvisogram/csaf-validator-lib in the tests (test/support/validate-csaf.mjs).
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { PROJECT_ROOT } from '../../infra/project-root';

export const INTERCHANGE_SCHEMA_DIR = path.join(PROJECT_ROOT, 'src', 'modules', 'interchange', 'data', 'schemas');

export type SchemaName = 'avid-report' | 'osv' | 'openvex';

const FILES: Record<SchemaName, string> = {
  'avid-report': 'avid/avid-report-0.3.schema.json',
  osv: 'osv/schema.json',
  openvex: 'openvex/openvex_json_schema.json',
};

let ajv: Ajv2020 | null = null;
const compiled = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    if (!ajv) {
      ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
      // OpenVEX uses `format: iri`, which ajv-formats lacks: an absolute IRI (scheme, then no whitespace).
      ajv.addFormat('iri', /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/);
    }
    v = ajv.compile(JSON.parse(fs.readFileSync(path.join(INTERCHANGE_SCHEMA_DIR, FILES[name]), 'utf8')));
    compiled.set(name, v);
  }
  return v;
}

export interface SchemaProblem {
  /** the JSON path inside the document, for example ['affects', 'developer'] */
  path: (string | number)[];
  message: string;
}

const capitalized = (m: string) => `${m.charAt(0).toUpperCase()}${m.slice(1)}.`;

function pathOf(e: ErrorObject): (string | number)[] {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (e.keyword === 'required') segments.push((e.params as { missingProperty: string }).missingProperty);
  if (e.keyword === 'additionalProperties') segments.push((e.params as { additionalProperty: string }).additionalProperty);
  return segments;
}

/** The document's problems against the schema, at most `max`, each at its path; empty when valid. */
export function schemaProblems(name: SchemaName, document: unknown, max = 10): SchemaProblem[] {
  const v = validator(name);
  if (v(document)) return [];
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of v.errors ?? []) {
    // Combinators repeat their branches' errors; keep the most specific one per path.
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const p = pathOf(e);
    const key = p.join('/');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: p, message: e.keyword === 'required' ? 'Required.' : capitalized(e.message ?? 'must match the schema') });
    if (out.length >= max) break;
  }
  if (out.length === 0) out.push({ path: [], message: 'Does not match the schema.' });
  return out;
}
