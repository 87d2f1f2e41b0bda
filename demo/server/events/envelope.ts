// PROTOCOL §2 envelopes: every event shares this wrapper; entryPayload is a JSON string.
import { randomUUID } from 'node:crypto';
import type { SenderAppType, SenderRole, WireEntryPayload, WireEnvelope } from '../../../widget/protocol/wire';

export interface Sender {
  role: SenderRole;
  appType: SenderAppType;
  subject: string;
  displayName: string;
}

export const BOT: Sender = { role: 'Chatbot', appType: 'chatbot', subject: 'aria', displayName: 'Aria' };
export const SYSTEM: Sender = { role: 'System', appType: 'conversation', subject: 'system', displayName: '' };
export const VISITOR: Sender = { role: 'EndUser', appType: 'iamessage', subject: 'visitor', displayName: 'You' };
/** The demo's simulated human agent, who takes over on hand-off. */
export const HUMAN_AGENT: Sender = { role: 'Agent', appType: 'agent', subject: 'agent-alex', displayName: 'Alex' };

export function envelope(conversationId: string, botName: string, payload: WireEntryPayload, sender: Sender, now: number): WireEnvelope {
  return {
    channelPlatformKey: 'agent-chat',
    channelType: 'embedded_messaging',
    channelAddressIdentifier: botName,
    conversationId,
    conversationEntry: {
      identifier: randomUUID(),
      entryType: payload.entryType,
      entryPayload: JSON.stringify(payload),
      sender: { role: sender.role, appType: sender.appType, subject: sender.subject },
      senderDisplayName: sender.displayName,
      transcriptedTimestamp: now,
      clientTimestamp: now,
    },
  };
}
