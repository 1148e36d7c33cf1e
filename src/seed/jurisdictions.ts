/**
 * The ISO 3166-1 alpha-2 countries, named by the runtime's CLDR data (Intl.DisplayNames). Every
 * two-letter code the runtime names is taken, less the codes that CLDR names but ISO 3166-1 does
 * not assign to a country (EU, UN, exceptionally reserved and withdrawn codes, private use).
 */
const NOT_ISO_3166_1 = new Set([
  'AC', 'AN', 'BU', 'CP', 'CQ', 'CS', 'DD', 'DG', 'DY', 'EA', 'EU', 'EZ', 'FX', 'HV', 'IC', 'NH',
  'QO', 'RH', 'SU', 'TA', 'TP', 'UK', 'UN', 'VD', 'XA', 'XB', 'XK', 'YD', 'YU', 'ZR', 'ZZ',
]);

export function isoCountries(): { code: string; name: string }[] {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const result: { code: string; name: string }[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_ISO_3166_1.has(code)) continue;
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        continue;
      }
      if (name && name !== code) result.push({ code, name });
    }
  }
  return result;
}
