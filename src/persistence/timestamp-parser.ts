/**
 * A faster parser for `timestamptz` values as PostgreSQL sends them in text (DateStyle ISO):
 * `2026-12-02 14:08:40.123456+00`, the offset as `+HH`, `+HH:MM` or `+HH:MM:SS`.
 *
 * pg's default (postgres-date) runs three regular expressions and several `parseInt` per value;
 * on the read benchmark's nested query (Q2: about 500 findings with six timestamps each) it was
 * 7–8 % of the server's CPU, plus the garbage of the match arrays. This one reads the digits by
 * char code and builds the Date with one `Date.UTC`. The result is the same instant, truncated to
 * the millisecond as Date holds it. Anything else — BC dates, years before 1000 or after 9999,
 * `infinity`, an unexpected shape — goes to pg's own parser, unchanged.
 */
import { types } from 'pg';

const TIMESTAMPTZ = 1184;
const fallback = types.getTypeParser(TIMESTAMPTZ, 'text') as (value: string) => Date;

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(at + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

export function parseTimestamptz(s: string): Date {
  const n = s.length;
  if (n < 22 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return fallback(s);
  }
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return fallback(s);
  }
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    i++;
    let count = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (count < 3) ms = ms * 10 + c;
      count++;
    }
    if (count === 0) return fallback(s);
    if (count === 1) ms *= 100;
    else if (count === 2) ms *= 10;
  }
  const sign = s.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return fallback(s);
  const oh = digits(s, i + 1, 2);
  if (oh < 0) return fallback(s);
  i += 3;
  let offset = oh * 3600;
  if (i < n) {
    if (s.charCodeAt(i) !== 58) return fallback(s);
    const om = digits(s, i + 1, 2);
    if (om < 0) return fallback(s);
    offset += om * 60;
    i += 3;
    if (i < n) {
      if (s.charCodeAt(i) !== 58) return fallback(s);
      const os = digits(s, i + 1, 2);
      if (os < 0 || i + 3 !== n) return fallback(s);
      offset += os;
    }
  }
  if (sign === 45) offset = -offset;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 1000);
}

let installed = false;

/** Makes pg parse every `timestamptz` with `parseTimestamptz` (process-wide; idempotent). */
export function installTimestampParser(): void {
  if (installed) return;
  installed = true;
  types.setTypeParser(TIMESTAMPTZ, parseTimestamptz);
}
