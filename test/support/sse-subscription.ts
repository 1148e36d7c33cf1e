/**
 * A GraphQL-over-SSE subscription client for tests (what Hive Gateway serves to clients:
 * `POST /graphql` with `accept: text/event-stream`): yields each `next` payload until the stream
 * completes, errors or is aborted.
 */
export interface SsePayload {
  data?: any;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export async function* sseSubscribe(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
  signal: AbortSignal,
): AsyncGenerator<SsePayload> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  if (!res.ok || !res.body) throw new Error(`subscription refused: HTTP ${res.status} ${await res.text()}`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1]?.trim();
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (event === 'complete') return;
      if (data) yield JSON.parse(data) as SsePayload;
    }
  }
}
