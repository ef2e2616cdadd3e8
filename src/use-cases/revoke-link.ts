// Unlinks a chat account from a staff member (a lost phone, a shared account, a person who
// left). The chat is then a stranger to the assistant: its half-finished conversation is
// dropped and messages not yet sent to it are cancelled. The person links again with a new code.
import { canManageStaff } from '../core/admin-rights.js';
import { AppError } from '../core/app-error.js';
import type { Actor } from '../core/org.js';
import { audit } from '../db/audit.js';
import type { Db } from '../db/prisma.js';
import { placementOfStaff } from '../read-models/staff-placement.js';

const NOT_IN_SCOPE = 'Không tìm thấy liên kết này (có thể đã được huỷ), hoặc bạn không có quyền quản lý người này.';

export interface RevokedLink {
  staffId: number;
  fullName: string;
  channel: string;
}

export async function revokeChatLink(db: Db, input: { identityId: number; actor: Actor; actorLabel: string }): Promise<RevokedLink> {
  return db.$transaction(async (tx) => {
    const identity = await tx.chatIdentity.findUnique({
      where: { id: input.identityId },
      include: { staff: { include: { roles: { select: { schoolId: true, role: true } } } } },
    });
    if (!identity || !canManageStaff(input.actor, placementOfStaff(identity.staff))) throw new AppError('NOT_FOUND', NOT_IN_SCOPE);
    const { channel, chatId, externalUserId, staffId } = identity;
    await tx.chatIdentity.delete({ where: { id: identity.id } });
    await tx.conversation.deleteMany({ where: { channel, chatId } });
    const cancelled = await tx.outboxMessage.updateMany({
      where: { channel, chatId, status: 'PENDING' },
      data: { status: 'FAILED', lastError: 'chat account unlinked' },
    });
    await audit(tx, {
      actor: input.actorLabel, action: 'chat.unlink', entityType: 'Staff', entityId: staffId,
      details: { channel, externalUserId, identityId: identity.id, cancelledMessages: cancelled.count },
    });
    return { staffId, fullName: identity.staff.fullName, channel };
  });
}
