/**
 * `verifyEventChain` and `registrySigningKeys`. Who gets which verification is decided in
 * src/modules/access/rules.ts (`mayVerifyEventLogInFull`); the verifier shares one run between
 * concurrent callers, and this resolver shares one answer between the aliases of one operation.
 */
import type { Resolvers } from '../../graphql/generated/resolvers-types';
import type { GraphQLContext } from '../../graphql/context';
import { mayVerifyEventLogInFull } from '../access/rules';
import { publishedKeys } from '../signing/registry-key';
import { eventChainVerifier } from './event-chain-verifier';
import { CHECKPOINT_KIND, checkpointMessage, type ChainVerification, type EventCheckpoint } from './event-log';

/** One verification per operation, whatever the number of aliases (the context is per operation). */
const perOperation = new WeakMap<GraphQLContext, Promise<ChainVerification>>();

function verificationFor(ctx: GraphQLContext): Promise<ChainVerification> {
  let answer = perOperation.get(ctx);
  if (!answer) {
    const verifier = eventChainVerifier(ctx.db);
    answer = mayVerifyEventLogInFull(ctx.viewer) ? verifier.verifyFull() : verifier.verifyHead();
    perOperation.set(ctx, answer);
  }
  return answer;
}

function checkpointView(c: EventCheckpoint) {
  return {
    sequence: c.seq,
    headHash: c.headHash,
    eventCount: Number(c.eventCount),
    signedAt: c.signedAt,
    keyId: c.keyId,
    signature: c.signature,
    signedStatement: `${CHECKPOINT_KIND}\n${checkpointMessage(c)}`,
  };
}

export const eventIntegrityResolvers: Resolvers = {
  Query: {
    verifyEventChain: async (_p, _a, ctx) => {
      const v = await verificationFor(ctx);
      return {
        ok: v.ok,
        checked: v.checked,
        firstBrokenSequence: v.firstBrokenSeq,
        problem: v.problem,
        full: v.full,
        verifiedAt: v.verifiedAt,
        headSequence: v.headSeq,
        headHash: v.headHash,
        checkpointsChecked: v.checkpointsChecked,
        latestCheckpoint: v.latestCheckpoint ? checkpointView(v.latestCheckpoint) : null,
      };
    },
    registrySigningKeys: () => publishedKeys(),
  },
};
