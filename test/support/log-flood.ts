/**
 * Child process of test/integration/observability/log-backpressure.test.ts: floods the default
 * stdout logger (src/infra/logger.ts) with more than its buffer, then proves the event loop still
 * runs by writing "tick" to stderr every 50 ms for a second, then exits 0.
 */
import { createLogger } from '../../src/infra/logger';

const log = createLogger({ level: 'info', format: 'json' });
const pad = 'x'.repeat(200);
for (let i = 0; i < 120_000; i++) log.info({ i, pad }, 'flood');
const started = Date.now();
const timer = setInterval(() => {
  process.stderr.write('tick\n');
  if (Date.now() - started > 1_000) {
    clearInterval(timer);
    process.exit(0);
  }
}, 50);
