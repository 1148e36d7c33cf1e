import type { PolicyDocument } from './policy-document';

const DOMAIN_BRIEF = 'Model Security Registry starting policy (DOMAIN.md)';
const CVSS4 = 'FIRST CVSS v4.0 specification, qualitative severity rating scale';
const LINEAGE = 'Model Security Registry issue 19 (model lineage)';
const DIFFUSION_RULE =
  'US BIS Framework for Artificial Intelligence Diffusion (interim final rule, January 2025)';

/**
 * The starting policy of DOMAIN.md as data. Numbers come from real practice; each carries its
 * source. Where the brief is silent, the choice is marked "registry convention".
 */
export const STARTING_POLICY: PolicyDocument = {
  version: '2026.1',
  effectiveFrom: '2026-01-01T00:00:00Z',
  title: 'Starting policy',
  notes: 'Defaults of the first policy version; a regulator edits them by publishing a new version.',
  severity: {
    bands: [
      { level: 'LOW', minScore: 0, source: `${CVSS4}: Low 0.1-3.9 (0.0 "None" folded into LOW)` },
      { level: 'MEDIUM', minScore: 4.0, source: `${CVSS4}: Medium 4.0-6.9` },
      { level: 'HIGH', minScore: 7.0, source: `${CVSS4}: High 7.0-8.9` },
      { level: 'CRITICAL', minScore: 9.0, source: `${CVSS4}: Critical 9.0-10.0` },
    ],
    successRateConfidence: {
      z: 1.96,
      source: 'Wilson score interval at 95 % confidence (registry convention for measured success rates)',
    },
    scoreAdjustments: [],
  },
  interventionRules: [
    {
      code: 'CRITICAL_SEVERITY',
      description: 'A CRITICAL finding requires government intervention.',
      tier: 'GOVERNMENT_INTERVENTION',
      when: { levels: ['CRITICAL'] },
      source: DOMAIN_BRIEF,
    },
    {
      code: 'HIGH_EXPLOITED_IN_WILD',
      description: 'A HIGH finding exploited in the wild requires government intervention.',
      tier: 'GOVERNMENT_INTERVENTION',
      when: { levels: ['HIGH'], exploitedInWild: true },
      source: `${DOMAIN_BRIEF}; cf. CISA Known Exploited Vulnerabilities catalogue (BOD 22-01)`,
    },
    {
      code: 'UNIVERSAL_CBRN_UPLIFT',
      description: 'A universal exploit giving CBRN uplift requires government intervention at any level.',
      tier: 'GOVERNMENT_INTERVENTION',
      when: { universal: true, capabilityDomains: ['CBRN'] },
      source: DOMAIN_BRIEF,
    },
    {
      code: 'HIGH_SEVERITY',
      description: 'Any other HIGH finding requires government notification.',
      tier: 'GOVERNMENT_NOTIFICATION',
      when: { levels: ['HIGH'] },
      source: DOMAIN_BRIEF,
    },
    {
      code: 'MEDIUM_SENSITIVE_DOMAIN',
      description: 'A MEDIUM finding in a CBRN or cyber-offense domain requires government notification.',
      tier: 'GOVERNMENT_NOTIFICATION',
      when: { levels: ['MEDIUM'], capabilityDomains: ['CBRN', 'CYBER_OFFENSE'] },
      source: DOMAIN_BRIEF,
    },
    {
      code: 'DEFAULT_INTERNAL',
      description: 'Everything else is remediated internally.',
      tier: 'INTERNAL_REMEDIATION',
      when: {},
      source: DOMAIN_BRIEF,
    },
  ],
  timelines: {
    CRITICAL: {
      acknowledgeHours: 24,
      notifyGovernmentHours: 24,
      mitigateHours: 72,
      remediateHours: 336,
      source: `${DOMAIN_BRIEF}; remediate 14 days follows CISA BOD 22-01's two-week window for known exploited vulnerabilities; 24 h notification follows California SB 53's imminent-risk report`,
    },
    HIGH: {
      acknowledgeHours: 48,
      notifyGovernmentHours: 72,
      mitigateHours: 336,
      remediateHours: 720,
      source: `${DOMAIN_BRIEF}; remediate 30 days as DefectDojo's default High SLA`,
    },
    MEDIUM: {
      acknowledgeHours: 120,
      notifyGovernmentHours: null,
      mitigateHours: 720,
      remediateHours: 2160,
      source: `${DOMAIN_BRIEF}; remediate 90 days as DefectDojo's default Medium SLA`,
    },
    LOW: {
      acknowledgeHours: 240,
      notifyGovernmentHours: null,
      mitigateHours: null,
      remediateHours: 4320,
      source: `${DOMAIN_BRIEF}; remediate 180 days as CISA BOD 22-01's six-month window for older vulnerabilities`,
    },
  },
  dueSoon: {
    hours: 24,
    fractionOfDuration: 0.25,
    source: 'Registry convention: warn within the last quarter of a deadline, at most 24 h before it',
  },
  reopening: {
    restartsClocks: true,
    source: 'Registry convention: a fix that did not hold is a new remediation and gets a full clock',
  },
  disclosureClocks: [
    {
      code: 'GOVERNMENT_NOTIFICATION',
      description: 'Notify the government within the notification time of the finding\'s severity.',
      audience: 'GOVERNMENT',
      when: {},
      start: 'AWARE',
      timelineField: 'notifyGovernmentHours',
      source: `${DOMAIN_BRIEF}, timelines table, "notify government" column`,
    },
    {
      code: 'SERIOUS_INCIDENT_REPORT_15_DAYS',
      description: 'Report a finding that requires government intervention as a serious incident within 15 days.',
      audience: 'GOVERNMENT',
      when: { interventionTiers: ['GOVERNMENT_INTERVENTION'] },
      start: 'AWARE',
      durationHours: 360,
      source: 'EU AI Act (Regulation (EU) 2024/1689) art. 73(2): serious incident report no later than 15 days after awareness; California SB 53 (2025): critical safety incident report within 15 days',
    },
    {
      code: 'IMMINENT_RISK_REPORT_24_HOURS',
      description: 'Report within 24 hours when a finding requiring intervention is exploited in the wild (imminent risk).',
      audience: 'GOVERNMENT',
      when: { interventionTiers: ['GOVERNMENT_INTERVENTION'], exploitedInWild: true },
      start: 'AWARE',
      durationHours: 24,
      source: 'California SB 53 (2025): report within 24 hours when an incident poses an imminent risk of death or serious physical injury; exploitation in the wild read as imminent risk (registry convention)',
    },
    {
      code: 'PUBLIC_DISCLOSURE',
      description: 'Disclose publicly 90 days after the report, or 30 days after remediation if sooner.',
      audience: 'PUBLIC',
      when: {},
      start: 'REPORTED',
      durationHours: 2160,
      afterRemediationHours: 720,
      source: 'Google Project Zero disclosure policy: 90 days, or 30 days after a fix ships',
    },
  ],
  remediation: {
    retestRequiredLevels: ['HIGH', 'CRITICAL'],
    fixVersionRequired: true,
    source: `${DOMAIN_BRIEF}: acceptable remediation for HIGH and CRITICAL is a fix in a named version plus a passing retest by a qualified, independent auditor`,
  },
  audits: {
    scopeCoverage: {
      JAILBREAK: ['JAILBREAK'],
      PROMPT_INJECTION: ['PROMPT_INJECTION'],
      CBRN: ['CBRN'],
      CYBER_OFFENSE: ['CYBER_OFFENSE'],
      DATA_SECURITY: ['DATA_SECURITY'],
      WEIGHT_SECURITY: ['WEIGHT_SECURITY'],
      GENERAL: ['GENERAL'],
    },
    disqualifyingAccreditationStatuses: ['SUSPENDED', 'REVOKED'],
    conflictLookback: {
      months: 24,
      source: 'Registry convention after the two-year cooling-off periods of auditor-independence rules (e.g. EU Regulation 537/2014 art. 22)',
    },
    rotation: {
      maxConsecutiveAudits: 3,
      source: 'Registry convention after mandatory auditor rotation (e.g. EU Regulation 537/2014 art. 17)',
    },
    restrictedAccessGrace: {
      days: 0,
      source:
        'Registry convention after least privilege (NIST SP 800-53 AC-6): an auditor reads exploit details only while its audit is open; access ends when the audit completes',
    },
    source: `${DOMAIN_BRIEF}: an audit counts only if the auditor was qualified and independent when it completed`,
  },
  jurisdictions: {
    tiers: {
      // The United States plus the 18 destinations of the diffusion rule's license exception AIA.
      TIER_1: ['US', 'AU', 'BE', 'CA', 'DK', 'FI', 'FR', 'DE', 'IE', 'IT', 'JP', 'NL', 'NZ', 'NO', 'KR', 'ES', 'SE', 'TW', 'GB'],
      TIER_2: [],
      // Arms-embargoed destinations (EAR Country Group D:5) and Macau.
      TIER_3: ['AF', 'BY', 'MM', 'KH', 'CF', 'CN', 'CD', 'CU', 'ER', 'HT', 'IR', 'IQ', 'KP', 'LB', 'LY', 'MO', 'NI', 'RU', 'SO', 'SS', 'SD', 'SY', 'VE', 'ZW'],
    },
    defaultTier: 'TIER_2',
    source: `${DIFFUSION_RULE}: tier 1 = the US and 18 close allies, tier 3 = arms-embargoed destinations (Country Group D:5 and Macau), tier 2 = all other countries`,
  },
  eligibility: {
    suspension: {
      interventionTiers: ['GOVERNMENT_INTERVENTION'],
      accessStatuses: ['SUSPENDED'],
      outcome: 'SUSPENDED',
      source: `${DOMAIN_BRIEF}: any open GOVERNMENT_INTERVENTION finding or a SUSPENDED version suspends the version everywhere`,
    },
    missedDeadlines: {
      outcome: null,
      source: `${DOMAIN_BRIEF}: missed deadlines are reasons; the starting policy does not let them change the outcome`,
    },
    tiers: {
      TIER_1: [
        {
          kind: 'OPEN_FINDINGS',
          code: 'OPEN_CRITICAL_FINDING',
          description: 'No open CRITICAL finding.',
          levels: ['CRITICAL'],
          outcome: 'RESTRICTED',
          outcomeWhenMitigated: null,
          source: DOMAIN_BRIEF,
        },
        {
          kind: 'OPEN_FINDINGS',
          code: 'OPEN_HIGH_FINDING',
          description: 'An open HIGH finding allows CONDITIONAL export only with mitigation in place.',
          levels: ['HIGH'],
          outcome: 'RESTRICTED',
          outcomeWhenMitigated: 'CONDITIONAL',
          source: DOMAIN_BRIEF,
        },
      ],
      TIER_2: [
        {
          kind: 'OPEN_FINDINGS',
          code: 'OPEN_HIGH_OR_CRITICAL_FINDING',
          description: 'No open HIGH or CRITICAL finding.',
          levels: ['HIGH', 'CRITICAL'],
          outcome: 'RESTRICTED',
          outcomeWhenMitigated: null,
          source: DOMAIN_BRIEF,
        },
        {
          kind: 'COUNTING_AUDIT',
          code: 'NO_COUNTING_AUDIT',
          description: 'A counting, non-failing audit younger than 12 months that covers jailbreaks.',
          maxAgeMonths: 12,
          requiredScopes: ['JAILBREAK'],
          outcome: 'RESTRICTED',
          source: DOMAIN_BRIEF,
        },
      ],
      TIER_3: [
        {
          kind: 'ALWAYS',
          code: 'EMBARGOED_JURISDICTION',
          description: 'Export to an embargoed jurisdiction is restricted.',
          outcome: 'RESTRICTED',
          source: `${DOMAIN_BRIEF}; ${DIFFUSION_RULE}`,
        },
        {
          kind: 'COMPUTE_ABOVE',
          code: 'COMPUTE_ABOVE_THRESHOLD',
          description: 'Models trained with more than 1e26 operations are prohibited.',
          thresholdOps: 1e26,
          outcome: 'PROHIBITED',
          source: `${DIFFUSION_RULE}: ECCN 4E091 controls weights of models trained with more than 10^26 operations`,
        },
        {
          kind: 'CAPABILITY_DOMAINS',
          code: 'PROHIBITED_CAPABILITY_DOMAIN',
          description: 'Models with CBRN or cyber-offense capability are prohibited.',
          domains: ['CBRN', 'CYBER_OFFENSE'],
          outcome: 'PROHIBITED',
          source: DOMAIN_BRIEF,
        },
      ],
    },
  },
  inheritance: {
    source: `${LINEAGE}; registry convention: a flaw follows the weights until a retest of the derived version shows otherwise`,
    rules: [
      {
        code: 'WEIGHTS_CARRIED_OVER',
        description: 'Quantizations, fine-tunes, continued pre-training and merges start from the parent weights: they inherit every finding.',
        relations: ['QUANTIZATION', 'FINE_TUNE', 'CONTINUED_PRETRAINING', 'MERGE'],
        categories: 'ALL',
        source: `${LINEAGE} ("quantization inherits everything"); registry convention for the other weight-derived relations`,
      },
      {
        code: 'BEHAVIOUR_DISTILLED',
        description: "A distilled student learns the teacher's behaviour, not its weights or serving stack: it inherits behavioural flaws only.",
        relations: ['DISTILLATION'],
        categories: ['JAILBREAK', 'PROMPT_INJECTION', 'CBRN_UPLIFT', 'CYBER_OFFENSE_UPLIFT'],
        source: `${LINEAGE} ("distillation inherits jailbreaks but not weight exfiltration")`,
      },
    ],
    trainingCompute: {
      relations: ['QUANTIZATION', 'FINE_TUNE', 'CONTINUED_PRETRAINING', 'MERGE'],
      source:
        'cf. European Commission guidelines on general-purpose AI models (July 2025): a modified model is measured with the compute of the model it modifies; registry convention: distillation does not carry compute',
    },
  },
};
