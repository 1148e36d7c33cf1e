/** Pure parts of issue 15: the ATLAS release parser and reference status, AVID/OSV mapping, advisory helpers. */
import { parseAtlasYaml, readShippedAtlasRelease } from '../../../src/modules/interchange/atlas-release';
import { atlasReferenceStatus } from '../../../src/modules/interchange/atlas-status';
import { categoryFromText, mapAvidReport, mapOsvRecord } from '../../../src/modules/interchange/import-model';
import { cvss4Severity, isWebUrl, osvId } from '../../../src/modules/interchange/advisories';

const NOW = new Date('2026-11-27T10:00:00Z');

const report = () => ({
  data_type: 'AVID',
  data_version: '0.3.3',
  metadata: { report_id: 'AVID-2026-R9999' },
  affects: { developer: ['Acme AI'], deployer: [], artifacts: [{ type: 'Model', name: 'Acme-7B' }] },
  problemtype: { classof: 'LLM Evaluation', type: 'Measurement', description: { lang: 'eng', value: 'The model Acme-7B was evaluated using the probe `dan.Dan_11_0`.' } },
  references: [{ type: 'source', label: 'garak', url: 'https://github.com/NVIDIA/garak' }],
  description: { lang: 'eng', value: 'A DAN jailbreak probe.' },
  metrics: [{ name: '', results: { rows: [{ detector: 'dan.DAN', passed: 3, total_evaluated: 10, score: 0.3 }] } }],
  reported_date: '2026-03-01',
});

describe('the shipped ATLAS release', () => {
  test('parses into 16 tactics and 170 techniques, sub-techniques inheriting their parent\u2019s tactics', () => {
    const r = readShippedAtlasRelease();
    expect(r.version).toBe('5.6.0');
    expect(r.tactics).toHaveLength(16);
    expect(r.techniques).toHaveLength(170);
    expect(r.techniques.filter((t) => t.parentId)).toHaveLength(69);
    for (const t of r.techniques) expect(t.tacticIds.length).toBeGreaterThan(0);
  });

  test('refuses a file that is not an ATLAS release', () => {
    expect(() => parseAtlasYaml('id: x\n')).toThrow(/version/);
    expect(() => parseAtlasYaml('version: 1.0.0\nmatrices:\n- techniques:\n  - id: T1\n')).toThrow(/bad technique id/);
  });
});

describe('atlasReferenceStatus', () => {
  const release = new Set(['AML.T0054', 'AML.T0048.004']);
  const exists = (id: string) => release.has(id);
  test('current, renamed through the map, unknown', () => {
    expect(atlasReferenceStatus('AML.T0054', exists, '5.6.0')).toMatchObject({ state: 'CURRENT', currentId: 'AML.T0054' });
    expect(atlasReferenceStatus('AML.T0045', exists, '5.6.0')).toMatchObject({ state: 'RENAMED', currentId: 'AML.T0048.004' });
    expect(atlasReferenceStatus('AML.T0999', exists, '5.6.0')).toMatchObject({ state: 'UNKNOWN', currentId: null });
  });
  test('a mapped id whose successor is gone too is RETIRED', () => {
    expect(atlasReferenceStatus('AML.T0045', () => false, '9.0.0')).toMatchObject({ state: 'RETIRED', currentId: null });
  });
});

describe('AVID mapping', () => {
  test('an LLM evaluation: developer, artifact, measurements, category, public date', () => {
    const r = mapAvidReport(report(), NOW);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.finding).toMatchObject({
      sourceSystem: 'AVID',
      sourceId: 'AVID-2026-R9999',
      category: 'JAILBREAK',
      developers: ['Acme AI'],
      artifacts: [{ name: 'Acme-7B', kind: 'Model', versionName: null }],
      measurements: [{ probe: 'dan.Dan_11_0', detector: 'dan.DAN', passed: 3, total: 10 }],
      publishedAt: new Date('2026-03-01T00:00:00Z'),
    });
    expect(r.finding.references[0]).toEqual({ system: 'AVID', identifier: 'AVID-2026-R9999', url: null });
  });

  test('each rejection names the field', () => {
    const noArtifacts = { ...report(), affects: { developer: ['Acme AI'], artifacts: [] } };
    expect(mapAvidReport(noArtifacts, NOW)).toEqual({ ok: false, problems: [expect.objectContaining({ path: ['affects', 'artifacts'] })] });
    const future = { ...report(), reported_date: '2027-01-01' };
    expect(mapAvidReport(future, NOW)).toEqual({ ok: false, problems: [{ path: ['reported_date'], message: 'Must not be in the future.' }] });
    const overCount = report();
    overCount.metrics[0]!.results.rows[0]!.passed = 11;
    expect(mapAvidReport(overCount, NOW).ok).toBe(false);
    expect(mapAvidReport({ data_type: 'AVID', metadata: { vuln_id: 'AVID-2022-V005' } }, NOW)).toEqual({
      ok: false,
      problems: [expect.objectContaining({ path: ['metadata', 'vuln_id'] })],
    });
    expect(mapAvidReport([], NOW)).toEqual({ ok: false, problems: [{ path: [], message: 'Must be a JSON object.' }] });
    expect(mapAvidReport({ ...report(), metadata: { report_id: 'R1' } }, NOW)).toEqual({
      ok: false,
      problems: [expect.objectContaining({ path: ['metadata', 'report_id'] })],
    });
  });

  test('categories from the words of the report', () => {
    expect(categoryFromText('Indirect prompt injection in a plugin')).toBe('PROMPT_INJECTION');
    expect(categoryFromText('Guardrail jailbreak via IPA encoding')).toBe('JAILBREAK');
    expect(categoryFromText('Deserialization of untrusted data in mlflow')).toBe('OTHER');
  });
});

describe('OSV mapping', () => {
  test('a withdrawn record and one without packages are rejected at their field', () => {
    const base = { id: 'PYSEC-2024-1', modified: '2026-01-01T00:00:00Z', summary: 'x' };
    expect(mapOsvRecord({ ...base, withdrawn: '2026-01-02T00:00:00Z' }, NOW)).toEqual({ ok: false, problems: [expect.objectContaining({ path: ['withdrawn'] })] });
    expect(mapOsvRecord(base, NOW)).toEqual({ ok: false, problems: [expect.objectContaining({ path: ['affected'] })] });
  });
  test('a package record: aliases become CVE references, CVSS an outside score', () => {
    const r = mapOsvRecord(
      {
        id: 'PYSEC-2024-1',
        modified: '2026-01-01T00:00:00Z',
        aliases: ['CVE-2024-1234'],
        summary: 'Model loading executes pickled code',
        affected: [{ package: { ecosystem: 'PyPI', name: 'transformers' }, versions: ['4.0.0'] }],
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H' }],
      },
      NOW,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.finding.developers).toEqual(['transformers']);
    expect(r.finding.artifacts).toEqual([{ name: 'transformers', kind: 'PyPI', versionName: '4.0.0' }]);
    expect(r.finding.references.map((x) => x.system)).toEqual(['OSV', 'CVE']);
    expect(r.finding.scores).toEqual([{ scheme: 'CVSS_3_1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', baseScore: null, baseSeverity: null }]);
  });
});

describe('advisory helpers', () => {
  test('CVSS v4.0 severity bands, OSV ids, web URLs', () => {
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(cvss4Severity)).toEqual(['NONE', 'LOW', 'LOW', 'MEDIUM', 'MEDIUM', 'HIGH', 'HIGH', 'CRITICAL', 'CRITICAL']);
    expect(osvId('MSR-2026-0001')).toBe('x_MSR-2026-0001');
    expect(isWebUrl('https://example.org/a')).toBe(true);
    expect(isWebUrl('see the report')).toBe(false);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
  });
});
