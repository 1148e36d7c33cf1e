/** Migrations as class references (not globs), so they load the same under tsx, jest and a build. */
import { InitialSchema1764240000000 } from './1764240000000-initial-schema';
import { IsoJurisdictions1764240000001 } from './1764240000001-iso-jurisdictions';
import { FixLinkRecordedAt1764240000002 } from './1764240000002-fix-link-recorded-at';
import { DecisionOverrideIndex1764240000003 } from './1764240000003-decision-override-index';
import { IdempotencyScope1764400000000 } from './1764400000000-idempotency-scope';
import { EventLogAppendOnly1764400000100 } from './1764400000100-event-log-append-only';
import { EncryptRestrictedDetails1764400000200 } from './1764400000200-encrypt-restricted-details';
import { CostBudgetWindows1764500000200 } from './1764500000200-cost-budget-windows';
import { Webhooks1764500000100 } from './1764500000100-webhooks';
import { WritePathConcurrency1764600000100 } from './1764600000100-write-path-concurrency';
import { FindingAssignments1764600000300 } from './1764600000300-finding-assignments';
import { Interchange1764600000500 } from './1764600000500-interchange';
import { ExportOverrideHistory1764600000700 } from './1764600000700-export-override-history';
import { AccreditationLifecycle1764600000710 } from './1764600000710-accreditation-lifecycle';
import { ProposedChanges1764600000800 } from './1764600000800-proposed-changes';
import { DecisionExplanations1764600000900 } from './1764600000900-decision-explanations';
import { ModelLineage1764600001000 } from './1764600001000-model-lineage';
import { InheritedFindingDetailsGrants1764600001200 } from './1764600001200-inherited-finding-details-grants';
import { DecisionFillfactor1764600001300 } from './1764600001300-decision-fillfactor';
import { DecisionsByJurisdictionOrder1764600001400 } from './1764600001400-decisions-by-jurisdiction-order';
import { PolicyVersionsImmutable1764600001500 } from './1764600001500-policy-versions-immutable';
import { DecisionsPerTier1764600001600 } from './1764600001600-decisions-per-tier';

// One per line, in order (add new ones at the end).
export const MIGRATIONS = [
  InitialSchema1764240000000,
  IsoJurisdictions1764240000001,
  FixLinkRecordedAt1764240000002,
  DecisionOverrideIndex1764240000003,
  IdempotencyScope1764400000000,
  EventLogAppendOnly1764400000100,
  EncryptRestrictedDetails1764400000200,
  Webhooks1764500000100,
  CostBudgetWindows1764500000200,
  WritePathConcurrency1764600000100,
  FindingAssignments1764600000300,
  Interchange1764600000500,
  ExportOverrideHistory1764600000700,
  AccreditationLifecycle1764600000710,
  ProposedChanges1764600000800,
  DecisionExplanations1764600000900,
  ModelLineage1764600001000,
  InheritedFindingDetailsGrants1764600001200,
  DecisionFillfactor1764600001300,
  DecisionsByJurisdictionOrder1764600001400,
  PolicyVersionsImmutable1764600001500,
  DecisionsPerTier1764600001600,
];
