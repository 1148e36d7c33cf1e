/** Text PostgreSQL cannot store, found in any input value (used at the edge and by the unit of work). */
/**
 * Text the store cannot hold: NUL (PostgreSQL text and jsonb refuse it) and UTF-16 surrogates
 * that are not part of a pair (not Unicode text; jsonb refuses their escapes). Refused at the
 * edge with the argument's or variable's path, never passed on to fail as an internal error.
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `value` cannot be stored, or null when it can. */
export function unstorableText(value: string): string | null {
  const m = UNSTORABLE.exec(value);
  if (!m) return null;
  return m[0] === '\u0000'
    ? `contains a NUL character (\\u0000) at position ${m.index}, which text may not hold`
    : `contains an unpaired UTF-16 surrogate (\\u${m[0].charCodeAt(0).toString(16).toUpperCase()}) at position ${m.index}, which is not valid Unicode text`;
}

/** The first string in a value (nested lists and objects, keys too) that cannot be stored, with its path. */
export function findUnstorableText(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; why: string } | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path }];
  while (stack.length) {
    const { value: v, path: p } = stack.pop()!;
    if (typeof v === 'string') {
      const why = unstorableText(v);
      if (why) return { path: p, why };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...p, i] });
    } else if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      for (const [k, item] of Object.entries(v as Record<string, unknown>).reverse()) {
        const why = unstorableText(k);
        if (why) return { path: [...p, k], why: `has a key that ${why}` };
        stack.push({ value: item, path: [...p, k] });
      }
    }
  }
  return null;
}
