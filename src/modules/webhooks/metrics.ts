/**
 * Feeds the `msr_webhooks{state}` gauge of /metrics (src/infra/metrics.ts): registered webhooks by
 * status, read at scrape time. Delivery attempts are counted with `recordWebhookDelivery(outcome)`.
 */
import type { DataSource } from 'typeorm';
import { setWebhookCountSource } from '../../infra/metrics';

/** Registers the source for `db`; returns the undo. */
export function bindWebhookMetrics(db: DataSource): () => void {
  return setWebhookCountSource(async () => {
    const rows: { state: string; n: number }[] = await db.query('SELECT lower(status) AS state, count(*)::int AS n FROM webhooks GROUP BY status');
    const counts: Record<string, number> = { active: 0, failing: 0 };
    for (const r of rows) counts[r.state] = r.n;
    return counts;
  });
}
