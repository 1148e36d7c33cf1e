/**
 * Where a stored ATLAS reference stands against the shipped release. ATLAS does not mark retired
 * ids (they are simply absent from later releases), so the registry keeps this small map of ids
 * that moved, checked against the releases of mitre-atlas/atlas-data; extend it when upgrading
 * (docs/interchange.md, "Upgrading ATLAS").
 */
export interface AtlasRename {
  /** the id in the shipped release, or null when the technique was dropped without successor */
  to: string | null;
  /** the first release without the old id */
  since: string;
  note: string;
}

export const ATLAS_RENAMES: Readonly<Record<string, AtlasRename>> = {
  'AML.T0045': {
    to: 'AML.T0048.004',
    since: '4.5.0',
    note: 'AI Intellectual Property Theft became a sub-technique of External Harms (present in 3.0.0–4.4.0).',
  },
};

export type AtlasReferenceState = 'CURRENT' | 'RENAMED' | 'RETIRED' | 'UNKNOWN';

export interface AtlasReferenceStatus {
  state: AtlasReferenceState;
  /** the id to use in the shipped release (itself when CURRENT, the successor when RENAMED) */
  currentId: string | null;
  /** the release checked against */
  checkedAgainst: string;
  note: string;
}

/**
 * `exists(id)` tells whether the shipped release has the id. A reference is CURRENT when its id
 * is in the release, RENAMED when the map names a successor that is, RETIRED when the map says it
 * was dropped (or its successor is gone too), UNKNOWN when neither knows it (a typo, or an id
 * newer than the shipped release).
 */
export function atlasReferenceStatus(id: string, exists: (id: string) => boolean, release: string): AtlasReferenceStatus {
  if (exists(id)) return { state: 'CURRENT', currentId: id, checkedAgainst: release, note: `In ATLAS ${release}.` };
  const rename = ATLAS_RENAMES[id];
  if (rename?.to && exists(rename.to)) {
    return { state: 'RENAMED', currentId: rename.to, checkedAgainst: release, note: `Now ${rename.to} (since ATLAS ${rename.since}). ${rename.note}` };
  }
  if (rename) return { state: 'RETIRED', currentId: null, checkedAgainst: release, note: `Retired in ATLAS ${rename.since}. ${rename.note}` };
  return { state: 'UNKNOWN', currentId: null, checkedAgainst: release, note: `Not in ATLAS ${release}, and not a known retired id.` };
}
