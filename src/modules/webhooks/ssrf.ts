/**
 * Where webhooks may point (docs/webhooks.md, "SSRF"): http(s) only, no credentials in the URL,
 * and — when `blockPrivateAddresses` is on (always in production) — no loopback, link-local,
 * private, carrier-grade NAT, multicast, reserved or unspecified address, for any address the
 * host resolves to, unless `WEBHOOK_ALLOWED_HOSTS` names the host or a range holding the address.
 *
 * The check runs when a webhook is written (every resolved address) and again at connect time:
 * `guardedLookup` is the `lookup` of every delivery request, so the address connected to is the
 * address checked (a DNS answer that changes after validation — rebinding — is refused too).
 * Range classification is ipaddr.js's (the library Express's proxy-addr uses).
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { WebhookConfig } from '../../config/config';

export type UrlGuard = Pick<WebhookConfig, 'blockPrivateAddresses' | 'allowedHosts'>;

/** The only range ipaddr.js names that is publicly routable. */
const PUBLIC_RANGE = 'unicast';

export class UrlRefused extends Error {
  constructor(
    readonly code: 'INVALID_URL' | 'URL_NOT_ALLOWED' | 'UNRESOLVABLE_HOST',
    message: string,
  ) {
    super(message);
    this.name = 'UrlRefused';
  }
}

/** Parses and checks the form of a webhook URL (no DNS). */
export function parseWebhookUrl(raw: string): URL {
  if (raw.length > 2000) throw new UrlRefused('INVALID_URL', 'Must be at most 2,000 characters.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlRefused('INVALID_URL', 'Not a valid absolute URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UrlRefused('INVALID_URL', 'Only http and https URLs are allowed.');
  if (url.username || url.password) throw new UrlRefused('INVALID_URL', 'Credentials in the URL are not allowed; authenticate with the signature.');
  if (url.hash) throw new UrlRefused('INVALID_URL', 'A URL fragment is not allowed.');
  return url;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();

function allowListed(guard: UrlGuard, host: string, address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  for (const entry of guard.allowedHosts) {
    if (entry === host) return true;
    if (entry.includes('/')) {
      try {
        const [range, bits] = ipaddr.parseCIDR(entry);
        if (address.kind() !== range.kind()) continue;
        const inRange =
          address.kind() === 'ipv4'
            ? (address as ipaddr.IPv4).match(range as ipaddr.IPv4, bits)
            : (address as ipaddr.IPv6).match(range as ipaddr.IPv6, bits);
        if (inRange) return true;
      } catch {
        // not a CIDR: compared as a host name above
      }
    } else if (ipaddr.isValid(entry) && ipaddr.process(entry).toString() === address.toString()) {
      return true;
    }
  }
  return false;
}

/** Null when `address` may be connected to for `host`, else why not. */
export function addressProblem(guard: UrlGuard, host: string, address: string): string | null {
  if (!guard.blockPrivateAddresses) return null;
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it maps.
  const parsed = ipaddr.process(address);
  if (allowListed(guard, host, parsed)) return null;
  const range = parsed.range();
  if (range === PUBLIC_RANGE) return null;
  return `${host} resolves to ${parsed.toString()} (${range}), which webhooks may not reach`;
}

async function resolveAll(host: string): Promise<string[]> {
  if (ipaddr.isValid(host)) return [host];
  try {
    const found = await dns.promises.lookup(host, { all: true, verbatim: true });
    return found.map((a) => a.address);
  } catch {
    throw new UrlRefused('UNRESOLVABLE_HOST', `The host ${host} does not resolve.`);
  }
}

/** Checks a webhook URL completely: its form, then every address its host resolves to. */
export async function checkWebhookUrl(raw: string, guard: UrlGuard): Promise<URL> {
  const url = parseWebhookUrl(raw);
  if (!guard.blockPrivateAddresses) return url;
  const host = hostOf(url);
  const addresses = await resolveAll(host);
  if (addresses.length === 0) throw new UrlRefused('UNRESOLVABLE_HOST', `The host ${host} does not resolve.`);
  for (const a of addresses) {
    const why = addressProblem(guard, host, a);
    if (why) throw new UrlRefused('URL_NOT_ALLOWED', `Refused: ${why}.`);
  }
  return url;
}

/**
 * A `lookup` for http(s).request that resolves every address and refuses the connection when
 * any of them is not allowed (the connect-time half of the check).
 */
export function guardedLookup(guard: UrlGuard): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      for (const a of list) {
        const why = addressProblem(guard, hostname.toLowerCase(), a.address);
        if (why) return callback(Object.assign(new Error(`Refused: ${why}`), { code: 'EWEBHOOKADDRESS' }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** For a URL whose host is an IP literal, http.request skips `lookup`: check it here. */
export function literalAddressProblem(url: URL, guard: UrlGuard): string | null {
  const host = hostOf(url);
  return ipaddr.isValid(host) ? addressProblem(guard, host, host) : null;
}
