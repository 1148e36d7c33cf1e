import type { Resolvers } from '../../graphql/generated/resolvers-types';
import { decodeGlobalId, toGlobalId } from '../../graphql/global-id';
import { parsePageArgs } from '../../graphql/pagination';
import { resolveReference } from '../../graphql/references';
import { withVisibleFindings } from '../findings/visibility';
import { verifyAttestation } from './attestation';
import { pageAudits } from './store';

export const auditResolvers: Resolvers = {
  Query: {
    audit: (_p, { id }, ctx) => ctx.loaders.auditById.load(decodeGlobalId(id, 'Audit', ['id'])),
    audits: (_p, args, ctx, info) => {
      const f = args.filter ?? {};
      return pageAudits(
        ctx.db,
        {
          auditorId: f.auditorId == null ? null : decodeGlobalId(f.auditorId, 'Organization', ['filter', 'auditorId']),
          modelVersionId:
            f.modelVersionId == null ? null : decodeGlobalId(f.modelVersionId, 'ModelVersion', ['filter', 'modelVersionId']),
          outcome: f.outcome,
          kind: f.kind,
          status: f.status,
        },
        parsePageArgs(args, info),
      );
    },
  },
  Audit: {
    __resolveReference: (ref, ctx) => resolveReference(ref, 'Audit', ctx.loaders.auditById),
    id: (a) => toGlobalId('Audit', a.id),
    auditor: async (a, _x, ctx) => (await ctx.loaders.organizationById.load(a.auditorId))!,
    modelVersion: async (a, _x, ctx) => (await ctx.loaders.modelVersionById.load(a.modelVersionId))!,
    // Raised and retested findings the viewer may not see are left out (AuditFinding.finding is non-null).
    findings: async (a, _x, ctx) => withVisibleFindings(ctx, await ctx.loaders.auditFindingsByAudit.load(a.id), (l) => l.findingId),
    attestation: (a) => (a.attestationPayload && a.attestationSignature ? a : null),
  },
  Attestation: {
    payload: (a) => a.attestationPayload!,
    signature: (a) => a.attestationSignature!,
    verified: async (a, _x, ctx) => {
      const auditor = await ctx.loaders.organizationById.load(a.auditorId);
      return verifyAttestation(auditor?.attestationPublicKey ?? null, a.attestationPayload!, a.attestationSignature!);
    },
  },
  AuditFinding: {
    finding: async (l, _x, ctx) => (await ctx.loaders.findingById.load(l.findingId))!,
  },
};
