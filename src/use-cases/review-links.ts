// Signed links to the review page, for channels without buttons (Zalo): bound to one reviewer
// and one version, valid for a few days, checked without a database row (HMAC-SHA256 over the
// ids and the expiry). The link only opens the page: every decision is still checked by the
// core (canDecide, first decision wins), so a leaked link decides nothing its holder could not.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../core/app-error.js';

export const REVIEW_LINK_HOURS = 72;
export const REVIEW_PATH = '/r/';

export interface ReviewGrant {
  submissionId: number;
  staffId: number;
  expiresAt: Date;
}

export class ReviewLinks {
  private readonly key: Buffer;

  /** `secret`: LINK_SECRET, or one derived from a bot token shared by every process. */
  constructor(secret: string, private readonly publicUrl: string) {
    this.key = createHmac('sha256', 'hscm-review-links').update(secret).digest();
  }

  url(submissionId: number, staffId: number, now = new Date(), hours = REVIEW_LINK_HOURS): string {
    const expires = Math.floor(now.getTime() / 1000) + hours * 3600;
    const body = [submissionId, staffId, expires].map((n) => n.toString(36)).join('-');
    return new URL(`${REVIEW_PATH}${body}-${this.mac(body)}`, this.publicUrl).toString();
  }

  /** The grant behind a token; a forged, mangled or expired token is refused in Vietnamese. */
  open(token: string, now = new Date()): ReviewGrant {
    const parts = /^([0-9a-z]{1,10})-([0-9a-z]{1,10})-([0-9a-z]{1,10})-([A-Za-z0-9_-]{22})$/.exec(token);
    const body = parts ? `${parts[1]}-${parts[2]}-${parts[3]}` : '';
    if (!parts || !sameText(parts[4]!, this.mac(body))) {
      throw new AppError('NOT_FOUND', 'Liên kết duyệt hồ sơ không đúng. Vui lòng mở liên kết trong tin nhắn của trợ lý, hoặc gõ “choduyet” để nhận liên kết mới.');
    }
    const [submissionId, staffId, expires] = [parts[1]!, parts[2]!, parts[3]!].map((p) => parseInt(p, 36));
    const expiresAt = new Date(expires! * 1000);
    if (expiresAt <= now) {
      throw new AppError('CONFLICT', 'Liên kết duyệt hồ sơ này đã hết hạn. Vui lòng gõ “choduyet” cho trợ lý để nhận liên kết mới.');
    }
    return { submissionId: submissionId!, staffId: staffId!, expiresAt };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
