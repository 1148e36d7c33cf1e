import type { Viewer } from '../../src/modules/access/rules';

/** Viewers for tests, acting for the given organization. */
export const regulator = (organizationId: string | null = null): Viewer => ({
  subject: 'regulator@oais.example.gov',
  organizationId,
  roles: ['REGULATOR'],
});
export const analyst = (organizationId: string | null = null): Viewer => ({
  subject: 'analyst@oais.example.gov',
  organizationId,
  roles: ['ANALYST'],
});
export const developer = (organizationId: string): Viewer => ({
  subject: `developer@${organizationId}`,
  organizationId,
  roles: ['DEVELOPER'],
});
export const auditor = (organizationId: string): Viewer => ({
  subject: `auditor@${organizationId}`,
  organizationId,
  roles: ['AUDITOR'],
});
export const partnerAgency = (organizationId: string | null = null): Viewer => ({
  subject: 'liaison@partner.example',
  organizationId,
  roles: ['PARTNER_AGENCY'],
});
