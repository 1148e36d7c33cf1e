/**
 * A loopback TCP load balancer for tests, as a Kubernetes Service or an L4 balancer sits between
 * a gateway and the registry's instances: each new connection goes to the first upstream port
 * that accepts it, in the given order of preference; connections to an upstream that dies are
 * cut (the client sees a reset) and new ones go to the next. HTTP and WebSocket alike.
 */
import net from 'node:net';

export interface FailoverProxy {
  port: number;
  /** Connections accepted per upstream port. */
  connectionsTo: Map<number, number>;
  stop(): Promise<void>;
}

export async function startFailoverProxy(upstreamPorts: number[]): Promise<FailoverProxy> {
  const sockets = new Set<net.Socket>();
  const connectionsTo = new Map<number, number>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  const server = net.createServer((client) => {
    track(client);
    client.pause();
    client.on('error', () => undefined);
    const attempt = (i: number) => {
      if (i >= upstreamPorts.length) {
        client.destroy();
        return;
      }
      const upstream = net.connect({ host: '127.0.0.1', port: upstreamPorts[i]! });
      track(upstream);
      let connected = false;
      upstream.on('error', () => {
        if (connected) client.destroy();
        else attempt(i + 1);
      });
      upstream.once('connect', () => {
        connected = true;
        connectionsTo.set(upstreamPorts[i]!, (connectionsTo.get(upstreamPorts[i]!) ?? 0) + 1);
        client.pipe(upstream);
        upstream.pipe(client);
        upstream.once('close', () => client.destroy());
        client.once('close', () => upstream.destroy());
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connectionsTo,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
