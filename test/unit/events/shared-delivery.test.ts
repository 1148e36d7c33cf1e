/**
 * DeliveryMemo: one build per (event, share key), reuse only for a short while, failures not
 * shared; the share key separates every viewer identity.
 */
import { ANONYMOUS } from '../../../src/modules/access/rules';
import { DeliveryMemo, shareKeyOf } from '../../../src/modules/events/shared-delivery';

const payload = { query: 'subscription { registryEvents { cursor } }', variables: { since: '1' } };

test('identical subscriptions share one build per event; other keys and other events build their own', async () => {
  const memo = new DeliveryMemo();
  for (const key of ['k1', 'k1', 'k2', 'k2']) memo.join(key);
  let builds = 0;
  const build = async () => ({ n: ++builds });
  const a = await memo.share('7', 'k1', build);
  const b = await memo.share('7', 'k1', build);
  const c = await memo.share('7', 'k2', build);
  const d = await memo.share('8', 'k1', build);
  expect(a).toBe(b);
  expect(c).not.toBe(a);
  expect(d).not.toBe(a);
  expect(builds).toBe(3);
  expect(await memo.share('9', null, build)).not.toBe(await memo.share('9', null, build)); // null: never shared
});

test('results are kept only while two or more subscriptions share the key', async () => {
  const memo = new DeliveryMemo();
  const build = async () => ({});
  const leaveA = memo.join('k');
  expect(await memo.share('1', 'k', build)).not.toBe(await memo.share('1', 'k', build)); // alone: nothing kept
  expect(memo.size).toBe(0);
  const leaveB = memo.join('k');
  expect(await memo.share('2', 'k', build)).toBe(await memo.share('2', 'k', build));
  leaveB();
  leaveB(); // idempotent
  expect(await memo.share('3', 'k', build)).not.toBe(await memo.share('3', 'k', build));
  leaveA();
});

test('a result is reused only within maxAgeMs, and old events are dropped', async () => {
  let now = 0;
  const memo = new DeliveryMemo({ maxAgeMs: 100, maxSeqs: 3, now: () => now });
  memo.join('k');
  memo.join('k');
  const build = async () => ({});
  const first = await memo.share('1', 'k', build);
  now = 150;
  expect(await memo.share('1', 'k', build)).not.toBe(first); // a lagging subscriber gets a fresh build
  for (const seq of ['2', '3', '4', '5']) await memo.share(seq, 'k', build);
  expect(memo.size).toBeLessThanOrEqual(3);
});

test('a failed build is not handed to later subscribers', async () => {
  const memo = new DeliveryMemo();
  memo.join('k');
  memo.join('k');
  await expect(memo.share('1', 'k', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
  await expect(memo.share('1', 'k', async () => 'ok')).resolves.toBe('ok');
});

test('the share key separates subject, organization and roles, and the document and variables', () => {
  const regulator = { subject: 'reg-1', organizationId: null, roles: ['REGULATOR' as const] };
  const key = shareKeyOf(payload, regulator);
  expect(shareKeyOf(payload, { ...regulator, roles: ['REGULATOR'] })).toBe(key);
  expect(shareKeyOf(payload, { ...regulator, subject: 'reg-2' })).not.toBe(key);
  expect(shareKeyOf(payload, { ...regulator, organizationId: '00000000-0000-0000-0000-000000000001' })).not.toBe(key);
  expect(shareKeyOf(payload, { ...regulator, roles: ['REGULATOR', 'ANALYST'] })).not.toBe(key);
  expect(shareKeyOf(payload, ANONYMOUS)).not.toBe(key);
  expect(shareKeyOf({ ...payload, variables: { since: '2' } }, regulator)).not.toBe(key);
  expect(shareKeyOf({ ...payload, query: `${payload.query} ` }, regulator)).not.toBe(key);
});
