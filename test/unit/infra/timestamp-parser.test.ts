import { types } from 'pg';
import { parseTimestamptz } from '../../../src/persistence/timestamp-parser';
import { createDataSource } from '../../../ormconfig';

// pg's own parser, captured before the test below creates a DataSource (which installs ours).
const pgDefault = types.getTypeParser(1184, 'text') as (value: string) => Date | number | null;

describe('parseTimestamptz', () => {
  it('reads the shapes PostgreSQL sends as the instant they name, to the millisecond', () => {
    const cases: Array<[string, string]> = [
      ['2026-12-02 14:08:40+00', '2026-12-02T14:08:40.000Z'],
      ['2026-12-02 14:08:40.1+00', '2026-12-02T14:08:40.100Z'],
      ['2026-12-02 14:08:40.12+00', '2026-12-02T14:08:40.120Z'],
      ['2026-12-02 14:08:40.123+00', '2026-12-02T14:08:40.123Z'],
      ['2026-12-02 14:08:40.123999+00', '2026-12-02T14:08:40.123Z'],
      ['2026-12-02 14:08:40.009+00', '2026-12-02T14:08:40.009Z'],
      ['2026-12-02 16:08:40.5+02', '2026-12-02T14:08:40.500Z'],
      ['2026-12-02 09:38:40-04:30', '2026-12-02T14:08:40.000Z'],
      ['2026-12-02 14:18:50+00:10:10', '2026-12-02T14:08:40.000Z'],
      ['2024-02-29 23:59:59.999-01', '2024-03-01T00:59:59.999Z'],
      ['1000-01-01 00:00:00+00', '1000-01-01T00:00:00.000Z'],
    ];
    for (const [text, iso] of cases) expect([text, parseTimestamptz(text).toISOString()]).toEqual([text, iso]);
  });

  it('agrees with pg’s own parser on 20,000 instants across 500 years', () => {
    const offsets = ['+00', '+02', '-05', '+05:30', '-09:30', '+00:10:10'];
    for (let i = 0; i < 20_000; i++) {
      const at = new Date(-8e12 + i * 789_123_457);
      const whole = at.toISOString().replace('T', ' ').slice(0, 19);
      const fraction = ['', '.1', '.12', '.123', '.1234', '.12345', '.123456'][i % 7]!.replace(/\d/g, (d, k) => String((Number(d) + i + k) % 10));
      const text = `${whole}${fraction}${offsets[i % offsets.length]}`;
      const expected = pgDefault(text) as Date;
      expect([text, parseTimestamptz(text).getTime()]).toEqual([text, expected.getTime()]);
    }
  });

  it('hands every other shape to pg’s own parser, unchanged', () => {
    for (const text of ['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '0099-01-01 00:00:00+00', '12345-01-01 00:00:00+00', '2026-12-02', '2026-13-02 14:08:40+00']) {
      const ours = parseTimestamptz(text);
      const theirs = pgDefault(text);
      expect(ours instanceof Date ? ours.getTime() : ours).toEqual(theirs instanceof Date ? theirs.getTime() : theirs);
    }
  });

  it('is the parser a DataSource installs', () => {
    createDataSource({ url: 'postgres://127.0.0.1:1/none' } as never);
    expect(types.getTypeParser(1184, 'text')).toBe(parseTimestamptz);
  });
});
