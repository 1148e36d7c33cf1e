/**
 * Registry events, live: the `registryEvents` subscription over graphql-ws on /graphql, or, when
 * the server offers none (or the WebSocket fails), `events(last: 20)` polled once a second. Screens register what they show with
 * `useLiveRefresh` and are re-fetched (and told so) when an event about it arrives.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { createClient as createWsClient } from 'graphql-ws';
import { useClient } from 'urql';
import { authorizationHeader, websocketUrl } from './auth';
import { RecentEventsQuery } from './operations';

export interface LiveEvent {
  id: string;
  sequence: string;
  occurredAt: string;
  actor: string;
  type: string;
  subjectType: string;
  subjectId: string;
  payload: string;
}

export type LiveMode = 'connecting' | 'polling' | 'subscription' | 'offline';

type Listener = (events: LiveEvent[]) => void;

interface LiveContextValue {
  events: LiveEvent[];
  mode: LiveMode;
  /** Events that arrived since the page was opened. */
  received: number;
  addListener(listener: Listener): () => void;
}

const LiveContext = createContext<LiveContextValue | null>(null);

const POLL_MS = 1000;
const KEEP = 100;
const EVENT_FIELDS = 'id sequence occurredAt actor type subjectType subjectId payload';

const bySequenceDesc = (a: LiveEvent, b: LiveEvent) => (BigInt(b.sequence) > BigInt(a.sequence) ? 1 : -1);

export function LiveProvider({ token, children }: { token: string | null; children: ReactNode }) {
  const client = useClient();
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const [mode, setMode] = useState<LiveMode>('connecting');
  const [received, setReceived] = useState(0);
  const listeners = useRef(new Set<Listener>());
  const lastSequence = useRef<bigint | null>(null);

  const accept = useCallback((incoming: LiveEvent[], announce: boolean) => {
    const fresh = incoming.filter((e) => lastSequence.current === null || BigInt(e.sequence) > lastSequence.current);
    if (fresh.length === 0 && lastSequence.current !== null) return;
    for (const e of incoming) {
      const s = BigInt(e.sequence);
      if (lastSequence.current === null || s > lastSequence.current) lastSequence.current = s;
    }
    if (lastSequence.current === null) lastSequence.current = 0n;
    setEvents((prev) => {
      const seen = new Set(prev.map((e) => e.id));
      return [...fresh.filter((e) => !seen.has(e.id)), ...prev].sort(bySequenceDesc).slice(0, KEEP);
    });
    if (announce && fresh.length > 0) {
      setReceived((n) => n + fresh.length);
      for (const l of listeners.current) l(fresh);
    }
  }, []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let disposeSubscription: (() => void) | undefined;
    let first = true;

    const poll = async () => {
      const result = await client.query(RecentEventsQuery, { last: 20 }, { requestPolicy: 'network-only' }).toPromise();
      if (stopped) return;
      if (result.error || !result.data) {
        setMode('offline');
      } else {
        accept(result.data.events.edges.map((e) => e.node), !first);
        first = false;
        setMode((m) => (m === 'subscription' ? m : 'polling'));
      }
      if (!disposeSubscription) timer = setTimeout(() => void poll(), POLL_MS);
    };

    // Switch to the `registryEvents` subscription (schema/subscriptions.graphql) once the first
    // poll has set the cursor; `since` replays anything in between, so nothing is missed. If the
    // server offers no such subscription (or no WebSocket), the error keeps us polling.
    const subscribe = () => {
      if (stopped) return;
      const ws = createWsClient({
        url: websocketUrl(),
        connectionParams: () => ({ ...authorizationHeader(token) }),
        retryAttempts: 3,
      });
      const since = lastSequence.current !== null ? String(lastSequence.current) : undefined;
      const unsubscribe = ws.subscribe<{ registryEvents: { cursor: string; event: LiveEvent } }>(
        {
          query: `subscription ExplorerEvents($since: String) { registryEvents(since: $since) { cursor event { ${EVENT_FIELDS} } } }`,
          variables: since ? { since } : {},
        },
        {
          next: (msg) => {
            const e = msg.data?.registryEvents?.event;
            if (e) accept([e], true);
            if (msg.errors?.length) fallBack();
          },
          error: () => fallBack(),
          complete: () => fallBack(),
        },
      );
      disposeSubscription = () => {
        unsubscribe();
        void ws.dispose();
      };
      if (timer) clearTimeout(timer);
      setMode('subscription');
    };
    const fallBack = () => {
      disposeSubscription?.();
      disposeSubscription = undefined;
      if (stopped) return;
      setMode('polling');
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void poll(), POLL_MS);
    };

    void poll().then(subscribe);

    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      disposeSubscription?.();
    };
  }, [client, token, accept]);

  const addListener = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  return <LiveContext.Provider value={{ events, mode, received, addListener }}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveContextValue {
  const ctx = useContext(LiveContext);
  if (!ctx) throw new Error('useLive outside LiveProvider');
  return ctx;
}

export interface LiveNoticeState {
  message: string;
  at: Date;
}

/**
 * Re-runs `refetch` when an event about one of `watch` (global ids), or any event when `watch` is
 * 'any', arrives, and returns a notice to show until dismissed.
 */
export function useLiveRefresh(watch: string[] | 'any', refetch: () => void): [LiveNoticeState | null, () => void] {
  const { addListener } = useLive();
  const [notice, setNotice] = useState<LiveNoticeState | null>(null);
  const refetchRef = useRef(refetch);
  refetchRef.current = refetch;
  const key = watch === 'any' ? 'any' : watch.join(',');

  useEffect(() => {
    const ids = key === 'any' ? null : new Set(key.split(',').filter(Boolean));
    return addListener((events) => {
      const relevant = ids ? events.filter((e) => ids.has(e.subjectId)) : events;
      if (relevant.length === 0) return;
      refetchRef.current();
      const types = [...new Set(relevant.map((e) => e.type.replace(/_/g, ' ').toLowerCase()))].join(', ');
      setNotice({ message: `Updated live: ${relevant.length} change${relevant.length > 1 ? 's' : ''} on this screen (${types}).`, at: new Date() });
    });
  }, [addListener, key]);

  return [notice, () => setNotice(null)];
}
