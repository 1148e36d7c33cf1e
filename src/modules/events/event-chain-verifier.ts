/**
 * Verification of the event log without amplification (issue 11, defect 6). One verifier per
 * database (DataSource):
 *
 * - `verifyHead()` continues from the last event an earlier run verified (checking first that it
 *   is still there, unchanged) and checks new events and new checkpoints only. Concurrent callers
 *   share one run (single flight). A break, once found, stays the answer (no rescans) until a full
 *   verification finds the log intact again.
 * - `verifyFull()` recomputes the log from its first event (regulators, `npm run verify-events`);
 *   concurrent callers share one run too, and a successful run refreshes the head's state.
 */
import type { DataSource } from 'typeorm';
import { registryKeyRing, type RegistryKeyRing } from '../signing/registry-key';
import { verifyEventChain, type ChainState, type ChainVerification } from './event-log';

export class EventChainVerifier {
  private state: ChainState | null = null;
  private broken: ChainVerification | null = null;
  private headRun: Promise<ChainVerification> | null = null;
  private fullRun: Promise<ChainVerification> | null = null;
  /** How many verification runs were started (diagnostics and tests). */
  readonly runs = { head: 0, full: 0 };

  constructor(
    private readonly db: DataSource,
    private readonly keys?: RegistryKeyRing,
  ) {}

  verifyHead(): Promise<ChainVerification> {
    if (this.broken) return Promise.resolve(this.broken);
    if (this.fullRun) return this.fullRun;
    if (!this.headRun) {
      this.runs.head += 1;
      this.headRun = this.run(this.state ?? undefined).finally(() => {
        this.headRun = null;
      });
    }
    return this.headRun;
  }

  verifyFull(): Promise<ChainVerification> {
    if (!this.fullRun) {
      this.runs.full += 1;
      this.fullRun = this.run(undefined).finally(() => {
        this.fullRun = null;
      });
    }
    return this.fullRun;
  }

  private async run(from: ChainState | undefined): Promise<ChainVerification> {
    const result = await verifyEventChain(this.db.manager, { from, keys: this.keys });
    if (result.ok) {
      if (!this.state || from === undefined || BigInt(result.state.seq) >= BigInt(this.state.seq)) this.state = result.state;
      if (from === undefined) this.broken = null;
    } else {
      this.broken = result;
    }
    return result;
  }
}

const verifiers = new WeakMap<DataSource, EventChainVerifier>();

/** The verifier of this database (with this process's key ring), or a fresh one for other keys. */
export function eventChainVerifier(db: DataSource, keys?: RegistryKeyRing): EventChainVerifier {
  if (keys && keys !== registryKeyRing()) return new EventChainVerifier(db, keys);
  let verifier = verifiers.get(db);
  if (!verifier) {
    verifier = new EventChainVerifier(db);
    verifiers.set(db, verifier);
  }
  return verifier;
}
