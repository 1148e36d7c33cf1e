/* global process, Buffer, structuredClone */
// Validates CSAF 2.1 documents with @secvisogram/csaf-validator-lib (an ES module, so it runs in
// plain node, outside jest): reads a JSON array of documents on stdin, writes one result per
// document on stdout: { isValid, errors: [{ instancePath, message }] } after the schema test and
// the mandatory tests of CSAF 2.1 ("basic"; the library's known-unimplemented tests aside).
import * as basic from '@secvisogram/csaf-validator-lib/csaf_2_1/basic.js';
import validate from '@secvisogram/csaf-validator-lib/validate.js';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const documents = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const tests = Object.values(basic);
const results = [];
// The library's ajv checks `multipleOf: 0.1` in binary floating point, so a CVSS base score such
// as 6.3 (6.3 / 0.1 = 62.999…) fails although it is a multiple of 0.1. Such documents are
// validated again with each CVSS v4.0 base score replaced by its severity band's lower bound
// (0.0, 0.1, 4.0, 7.0, 9.0: exact in binary) after checking that the score has one decimal.
const BAND_FLOOR = { NONE: 0, LOW: 0.1, MEDIUM: 4, HIGH: 7, CRITICAL: 9 };
const isScoreError = (e) => e.test === 'csaf_2_1_strict' && /\/content\/cvss_v4(\/baseS(core|everity))?$/.test(e.instancePath);
const errorsOf = (r) => r.tests.flatMap((t) => t.errors.map((e) => ({ test: t.name, ...e })));
for (const doc of documents) {
  const r = await validate(tests, doc);
  let errors = errorsOf(r);
  let isValid = r.isValid;
  let floatWorkaround = false;
  if (!isValid && errors.every(isScoreError)) {
    const copy = structuredClone(doc);
    let oneDecimal = true;
    for (const v of copy.vulnerabilities ?? []) {
      for (const m of v.metrics ?? []) {
        const c = m.content?.cvss_v4;
        if (!c) continue;
        if (Math.abs(c.baseScore * 10 - Math.round(c.baseScore * 10)) > 1e-9) oneDecimal = false;
        c.baseScore = BAND_FLOOR[c.baseSeverity] ?? c.baseScore;
      }
    }
    const again = await validate(tests, copy);
    if (oneDecimal && again.isValid) {
      isValid = true;
      errors = [];
      floatWorkaround = true;
    }
  }
  results.push({ isValid, floatWorkaround, errors: errors.slice(0, 10) });
}
process.stdout.write(JSON.stringify(results));
