/** Migrations as class references (not globs), so they load the same under tsx, jest and a build. */
import { InitialSchema1764240000000 } from './1764240000000-initial-schema';
import { IsoJurisdictions1764240000001 } from './1764240000001-iso-jurisdictions';
import { FixLinkRecordedAt1764240000002 } from './1764240000002-fix-link-recorded-at';
import { DecisionOverrideIndex1764240000003 } from './1764240000003-decision-override-index';

export const MIGRATIONS = [InitialSchema1764240000000, IsoJurisdictions1764240000001, FixLinkRecordedAt1764240000002, DecisionOverrideIndex1764240000003];
