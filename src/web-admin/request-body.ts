// One rule for the body of every state-changing request: the form the route expects, or a
// refusal before its handler runs. Admin pages and sign-in take url-encoded forms; the few
// routes that take a file take multipart (and check its form token themselves). JSON, plain
// text, a body without a content type, or multipart sent to a form route are refused with
// 415 — so no route ever runs on a body it did not expect (and skips the token check that
// came with the form it expected).
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** A request the client got wrong: its status and the Vietnamese sentence shown for it. */
export class ClientError extends Error {
  constructor(readonly status: 400 | 413 | 415, readonly userMessage: string) {
    super(`client error ${status}: ${userMessage}`);
    this.name = 'ClientError';
  }
}

export const NOT_A_FORM = 'Dữ liệu gửi lên không đúng dạng biểu mẫu của trang này. Vui lòng mở lại trang và gửi lại từ biểu mẫu trên trang.';

export type BodyKind = 'none' | 'form' | 'multipart' | 'other';

export function bodyKind(req: Request): BodyKind {
  const type = req.headers['content-type'];
  const length = req.headers['content-length'];
  const announced = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!type) return announced ? 'other' : 'none';
  if (req.is('application/x-www-form-urlencoded')) return 'form';
  if (req.is('multipart/form-data')) return 'multipart';
  return 'other';
}

const readsNothing = (req: Request) => req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';

/**
 * Refuses (415) a state-changing request whose body is not the form the route expects:
 * url-encoded (or nothing) everywhere, plus multipart on `multipartPaths` (full paths); with
 * 'multipart' the route takes only multipart.
 */
export function expectFormBody(multipartPaths: readonly string[] | 'multipart' = []): RequestHandler {
  const multipart = new Set(multipartPaths === 'multipart' ? [] : multipartPaths);
  return (req: Request, _res: Response, next: NextFunction) => {
    if (readsNothing(req)) return next();
    const kind = bodyKind(req);
    // 'multipart': that only; a listed path: multipart or the url-encoded form; else the form only.
    const allowed: BodyKind[] = multipartPaths === 'multipart' ? ['multipart']
      : multipart.has(req.baseUrl + req.path) ? ['form', 'none', 'multipart'] : ['form', 'none'];
    if (!allowed.includes(kind)) return next(new ClientError(415, NOT_A_FORM));
    next();
  };
}

/** After the url-encoded parser: a request without a body reads as an empty form, not undefined. */
export function emptyFormIfNone(req: Request, _res: Response, next: NextFunction): void {
  if (!readsNothing(req) && bodyKind(req) !== 'multipart') req.body ??= {};
  next();
}

/** Status and message for errors of the request itself (body parsers' too); null for ours. */
export function clientErrorOf(error: unknown): { status: number; message: string } | null {
  if (error instanceof ClientError) return { status: error.status, message: error.userMessage };
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (status === 413) return { status, message: 'Dữ liệu gửi lên quá lớn. Vui lòng gửi ít hơn, hoặc chia thành nhiều lần.' };
  if (status === 415) return { status, message: NOT_A_FORM };
  return { status: 400, message: 'Yêu cầu không hợp lệ (dữ liệu gửi lên bị hỏng). Vui lòng tải lại trang và thử lại.' };
}
