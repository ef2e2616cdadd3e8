// Graceful end of the web server: requests in flight finish, idle keep-alive connections are
// closed, and whatever is still open at the deadline is cut.
import type { Server } from 'node:http';

/** Paths a load balancer polls: not counted as work in flight. */
const PROBES = new Set(['/health', '/ready']);

export interface DrainableServer {
  /** The port it listens on. */
  port: number;
  /** Requests being answered now (probes excepted). */
  inFlight(): number;
  /** Waits until no request is in flight (or `deadline`), then closes the server. */
  close(deadline: number): Promise<void>;
}

export function drainable(server: Server): DrainableServer {
  let inFlight = 0;
  server.on('request', (req, res) => {
    if (PROBES.has((req.url ?? '').split('?')[0]!)) return;
    inFlight++;
    res.once('close', () => inFlight--);
  });
  return {
    port: (server.address() as { port: number }).port,
    inFlight: () => inFlight,
    async close(deadline) {
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), Math.max(0, deadline - Date.now()));
      // Keep-alive connections that were busy above are idle by now or soon: close them as they free up.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      await closed;
      clearTimeout(timer);
      clearInterval(sweep);
    },
  };
}
