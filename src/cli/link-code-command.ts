import { Telegram } from 'telegraf';
import { ZaloClient } from '../bot/zalo/zalo-client.js';
import { formatVnDate, vnDateOf, vnTimeOf } from '../core/calendar.js';
import type { Config } from '../config/config.js';
import type { Db } from '../db/prisma.js';
import { findStaffByPhoneOrCode, issueLinkCode } from '../use-cases/issue-link-code.js';

/** Prints a one-time link code for a person, with the Telegram deep link when the bot is configured. */
export async function runLinkCode(db: Db, config: Config, key: string, hours?: number): Promise<string[]> {
  const staff = await findStaffByPhoneOrCode(db, key);
  const issued = await issueLinkCode(db, { staffId: staff.id, issuedBy: 'cli', hours });
  const lines = [
    `Mã liên kết cho ${issued.staff.fullName} (${issued.staff.code}): ${issued.code}`,
    `Hết hạn: ${vnTimeOf(issued.expiresAt)} ngày ${formatVnDate(vnDateOf(issued.expiresAt))}. Mã chỉ dùng được một lần.`,
  ];
  const username = await botUsername(config);
  if (username) lines.push(`Telegram: https://t.me/${username}?start=${issued.code}`);
  const zaloName = await zaloBotName(config);
  lines.push(`Zalo: ${zaloName ? `tìm “${zaloName}” trên Zalo, ` : ''}gửi mã ${issued.code} cho trợ lý.`);
  return lines;
}

async function botUsername(config: Config): Promise<string | undefined> {
  if (!config.TELEGRAM_BOT_TOKEN) return undefined;
  try {
    const me = await Promise.race([
      new Telegram(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT }).getMe(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000)),
    ]);
    return me.username;
  } catch {
    return undefined;
  }
}

async function zaloBotName(config: Config): Promise<string | undefined> {
  if (!config.ZALO_BOT_TOKEN) return undefined;
  const me = await new ZaloClient({ token: config.ZALO_BOT_TOKEN, apiRoot: config.ZALO_API_ROOT, timeoutMs: 5000 }).getMe().catch(() => undefined);
  return me?.display_name ?? me?.account_name;
}
