/* global process, console, URL, Buffer, performance */
/**
 * One closed-loop load run of the read benchmark with autocannon (on Node 22, pinned by the
 * caller to its own core). Reads a job from the JSON file given as argument:
 *   { url, headers, bodies: [string, …], connections, seconds }
 * Each request takes a random body of `bodies`; responses whose body carries GraphQL `errors`
 * are counted. With one connection the requests are sent one after another and timed with
 * performance.now(). Prints one JSON line: { requests, seconds, rps, p50, p99, errors, non2xx }.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import autocannon from 'autocannon';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
if (job.connections === 1) {
  // Sequential: one request at a time, timed with a sub-millisecond clock (autocannon rounds to 1 ms).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(job.url);
  const once = (body) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...job.headers } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const times = [];
  let errors = 0;
  let firstError = null;
  const end = performance.now() + job.seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    const r = await once(job.bodies[Math.floor(Math.random() * job.bodies.length)]);
    times.push(performance.now() - t0);
    if (r.status !== 200 || r.text.includes('"errors"')) {
      errors++;
      firstError ??= r.text.slice(0, 300);
    }
  }
  agent.destroy();
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(JSON.stringify({ requests: times.length, seconds: job.seconds, rps: times.length / job.seconds, p50: q(0.5), p99: q(0.99), errors, non2xx: 0, firstError }));
  process.exit(0);
}
let errorBodies = 0;
let firstError = null;
const result = await autocannon({
  url: job.url,
  method: 'POST',
  connections: job.connections,
  duration: job.seconds,
  headers: { 'content-type': 'application/json', ...job.headers },
  requests: [
    {
      setupRequest: (req) => ({ ...req, body: job.bodies[Math.floor(Math.random() * job.bodies.length)] }),
      onResponse: (status, body) => {
        if (body && body.includes('"errors"')) {
          errorBodies++;
          firstError ??= body.slice(0, 300);
        }
      },
    },
  ],
});
const seconds = result.duration;
console.log(
  JSON.stringify({
    requests: result.requests.total,
    seconds,
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: errorBodies + result.errors + result.timeouts,
    non2xx: result.non2xx,
    firstError,
  }),
);
