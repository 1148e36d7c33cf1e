/**
 * What the request log and the metrics cost per request (issue 18: "no regression of the read
 * path"): the telemetry middleware, the `close` handler with its log line and metric
 * observations, driven with stand-in request/response objects, against the same loop without
 * them. The log line goes (a) nowhere (level silent), (b) as JSON to /dev/null synchronously (a
 * write(2) per line, as in production), (c) through the development formatter to /dev/null.
 *
 *   npm run bench:observability [-- --requests 200000]
 *
 * Prints nanoseconds per request for each; compare with a read's duration (bench:api).
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { requestRecordOf, requestTelemetry } from '../src/graphql/request-telemetry';
import { createLogger, type Logger } from '../src/infra/logger';
import { registry } from '../src/infra/metrics';

const argv = process.argv.slice(2);
const i = argv.indexOf('--requests');
const REQUESTS = i >= 0 ? Number(argv[i + 1]) : 200_000;

class StandInResponse extends EventEmitter {
  statusCode = 200;
  writableFinished = true;
  constructor(readonly req: unknown) {
    super();
  }
  setHeader(): void {}
}

function run(label: string, log: Logger | null): number {
  const middleware = log ? requestTelemetry(log) : null;
  const next = () => undefined;
  const started = performance.now();
  for (let n = 0; n < REQUESTS; n++) {
    const req = { headers: { 'x-request-id': n % 2 ? 'client-supplied-id' : undefined }, method: 'POST', originalUrl: '/graphql' };
    const res = new StandInResponse(req);
    if (middleware) {
      middleware(req as never, res as never, next);
      const rec = requestRecordOf(req as never)!;
      rec.roles = ['PARTNER_AGENCY'];
      rec.operationName = n % 10 ? 'PartnerDecisions' : 'PartnerFindings';
      rec.operationType = 'query';
      if (n % 50 === 0) rec.errorCodes = ['BAD_USER_INPUT'];
    }
    res.emit('close');
  }
  const ns = ((performance.now() - started) * 1e6) / REQUESTS;
  console.log(`${label.padEnd(58)} ${ns.toFixed(0).padStart(6)} ns/request`);
  return ns;
}

async function main(): Promise<void> {
  console.log(`${REQUESTS.toLocaleString('en')} requests per variant (warm-up first)`);
  run('warm-up', createLogger({ level: 'info', format: 'json' }, pino.destination({ dest: '/dev/null', sync: true })));
  const bare = run('no telemetry (the stand-in objects only)', null);
  const silent = run('telemetry, metrics, log level silent', createLogger({ level: 'silent', format: 'json' }));
  const json = run('telemetry, metrics, JSON line to /dev/null (sync write)', createLogger({ level: 'info', format: 'json' }, pino.destination({ dest: '/dev/null', sync: true })));
  const pretty = run('telemetry, metrics, pretty line to /dev/null', createLogger({ level: 'info', format: 'pretty' }, pino.destination({ dest: '/dev/null', sync: true })));
  console.log(`\nadded per request: silent ${(silent - bare).toFixed(0)} ns, JSON ${(json - bare).toFixed(0)} ns, pretty ${(pretty - bare).toFixed(0)} ns`);
  const t0 = performance.now();
  const text = await registry.metrics();
  console.log(`one scrape of /metrics: ${(performance.now() - t0).toFixed(1)} ms, ${text.length.toLocaleString('en')} bytes`);
}

void main();
