// The web app's cookies: their names and attributes follow the public address. Served over
// https, every cookie is Secure and named with the `__Host-` prefix, which browsers accept
// only from a secure origin, for the whole host (no Domain) — a neighbouring subdomain or a
// plain-http page cannot plant or overwrite it.
import type { CookieOptions, Request, Response } from 'express';

export type CookieKind = 'session' | 'loginCsrf' | 'flash' | 'device';

const BASE_NAMES: Record<CookieKind, string> = {
  session: 'hscm_session',
  loginCsrf: 'hscm_login_csrf',
  flash: 'hscm_flash',
  device: 'hscm_device',
};

export interface CookiePolicy {
  secure: boolean;
  name(kind: CookieKind): string;
  /** Attributes for setting one of ours (httpOnly, SameSite=Lax, Path=/, Secure on https). */
  options(extra?: CookieOptions): CookieOptions;
}

export function cookiePolicy(publicUrl: string): CookiePolicy {
  const secure = publicUrl.startsWith('https:');
  return {
    secure,
    name: (kind) => (secure ? `__Host-${BASE_NAMES[kind]}` : BASE_NAMES[kind]),
    options: (extra = {}) => ({ httpOnly: true, sameSite: 'lax', path: '/', secure, ...extra }),
  };
}

const PLAIN = cookiePolicy('http://localhost');

/** The policy createApp stored on the app (plain http names when none was: routers used alone). */
export function cookiesOf(reqOrRes: Request | Response): CookiePolicy {
  return ((reqOrRes.app?.locals as { cookiePolicy?: CookiePolicy } | undefined)?.cookiePolicy) ?? PLAIN;
}

export function setCookie(res: Response, kind: CookieKind, value: string, extra?: CookieOptions): void {
  const policy = cookiesOf(res);
  res.cookie(policy.name(kind), value, policy.options(extra));
}

export function clearCookie(res: Response, kind: CookieKind): void {
  const policy = cookiesOf(res);
  res.clearCookie(policy.name(kind), policy.options());
}
