// A browser-like HTTP client for the admin pages: keeps cookies, signs in through the real
// form, and adds the CSRF token it read from the last page to every form it posts.
import type { Db } from '../../src/db/prisma.js';
import { hashPassword } from '../../src/infra/password.js';

export const TEST_PASSWORD = 'mat-khau-thu-nghiem-1';

/** TEST_PASSWORD hashed once per test file (scrypt costs ~0.1 s of CPU on purpose); salted, as the product stores it. */
let testPasswordHash: Promise<string> | undefined;

/** Gives a demo-roster person (by staff code) a web account with a known password. */
export async function giveWebAccount(db: Db, staffCode: string, username = staffCode.toLowerCase()): Promise<string> {
  const staff = await db.staff.findUniqueOrThrow({ where: { code: staffCode } });
  const passwordHash = await (testPasswordHash ??= hashPassword(TEST_PASSWORD));
  await db.webAccount.upsert({
    where: { staffId: staff.id },
    create: { staffId: staff.id, username, passwordHash, mustChangePassword: false },
    update: { username, passwordHash, mustChangePassword: false, active: true },
  });
  return username;
}

export interface WebResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

export class WebClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly base: string) {}

  /** Signs in through the form; returns the final response (after redirects). */
  async signIn(username: string, password = TEST_PASSWORD): Promise<WebResponse> {
    const form = await this.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    let res = await this.request('POST', '/login', new URLSearchParams({ _csrf: token, username, password }));
    for (let hops = 0; hops < 5 && res.status === 303 && res.location; hops++) res = await this.get(res.location);
    // Every signed-in page carries the session's form token; the password page always exists.
    if (this.signedIn && !this.csrf) await this.get('/password');
    return res;
  }

  /** Whether the client holds a session cookie (the server may still have ended it). */
  get signedIn(): boolean {
    return this.cookies.has('hscm_session') || this.cookies.has('__Host-hscm_session');
  }

  async get(path: string): Promise<WebResponse> {
    const res = await this.request('GET', path);
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1];
    if (token && path !== '/login') this.csrf = token;
    return res;
  }

  /** Follows a 303 to the page it names (like a browser after a form). */
  async follow(res: WebResponse): Promise<WebResponse> {
    return res.status === 303 && res.location ? this.get(res.location) : res;
  }

  /** Posts a form with the session's CSRF token (unless `_csrf` is given). */
  async post(path: string, fields: Record<string, string | string[]> = {}, headers: Record<string, string> = {}): Promise<WebResponse> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) body.append(k, item);
    return this.request('POST', path, body, headers);
  }

  async postMultipart(path: string, data: FormData): Promise<WebResponse> {
    if (!data.has('_csrf')) data.append('_csrf', this.csrf);
    return this.request('POST', path, data);
  }

  async request(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<WebResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.base + path, { method, body, redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const buffer = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, text: buffer.toString('utf8'), location: res.headers.get('location') };
  }
}
