// What a chat platform delivers and what the conversation answers, in words common to
// Telegram and Zalo. Adapters translate their platform's updates into these and back.
import type { Channel } from '../../core/vocabulary.js';
import type { ChatButton } from '../../use-cases/outbox.js';

export type Command = 'submit' | 'status' | 'pending' | 'help' | 'cancel';

export interface IncomingFile {
  /** The platform's file id, used to download it (Telegram file_id). */
  ref: string;
  name: string;
  size: number | null;
  mime: string | null;
}

export type InboundEvent =
  | { type: 'start'; payload?: string }
  | { type: 'command'; command: Command }
  | { type: 'contact'; phone: string; ownContact: boolean }
  | { type: 'document'; file: IncomingFile; caption?: string }
  | { type: 'text'; text: string }
  | { type: 'button'; data: string }
  /** A reviewer's decision typed as text: `duyet K7F3Q2`, `tra K7F3Q2 <lý do>`. */
  | { type: 'decide'; action: 'APPROVE' | 'RETURN'; refCode: string; reason?: string }
  /** A file the channel does not hand to bots (Zalo: an unsupported message). */
  | { type: 'attachment' }
  | { type: 'photo' }
  | { type: 'other' };

export interface Inbound {
  channel: Channel;
  externalUserId: string;
  chatId: string;
  /** The platform's update id: an update seen twice is handled once. */
  updateId: string;
  event: InboundEvent;
}

export type Reply =
  | {
      type: 'text';
      text: string;
      buttons?: ChatButton[][];
      /** Show a keyboard button that shares the user's own phone number (Telegram). */
      askContact?: boolean;
      /** Open the reply box with this placeholder (Telegram ForceReply). */
      forceReply?: string;
      removeKeyboard?: boolean;
    }
  /** The short answer to a button press (a toast on Telegram). */
  | { type: 'toast'; text: string; alert?: boolean }
  /** Remove the buttons of the message whose button was pressed. */
  | { type: 'closeButtons' };

/** What the channel can do: Zalo shows no buttons and cannot receive documents. */
export interface ChannelCapabilities {
  buttons: boolean;
  documents: boolean;
  contactSharing: boolean;
}
