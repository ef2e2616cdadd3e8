// The web app's routes, read from Express's own routing table (Express 5 / router 2): every
// method and path the product answers, so a sweep can insist on knowing each one.
import type { Express } from 'express';

export interface RouteEntry {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: string | string[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) pair of the app, routers mounted with `use` walked recursively. */
export function routesOf(app: Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', out);
  return out;
}

function walk(stack: readonly Layer[], prefix: string, out: RouteEntry[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const path of [layer.route.path].flat()) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: prefix + path });
        }
      }
    } else if (layer.handle?.stack) {
      for (const mount of [layer.rawPath ?? '/'].flat()) walk(layer.handle.stack, mount === '/' ? prefix : prefix + mount, out);
    }
  }
}
