// Rows as both SQL engines return them, turned into the Store's records: SQLite answers 0/1
// where PostgreSQL answers booleans, and both keep metadata as JSON text.
import type { ConversationRecord, ExportedConversation } from './store';

type Flag = number | boolean;

export interface ConversationRow {
  id: string;
  bot_name: string;
  created_at: number;
  last_action_at: number;
  status: 'open' | 'closed';
  metadata: string;
  welcomed: Flag;
}

export type ExportedConversationRow = Omit<ExportedConversation, 'metadata' | 'escalated' | 'positiveFeedback' | 'negativeFeedback'> &
  Record<'metadata', string> & Record<'escalated' | 'positiveFeedback' | 'negativeFeedback', Flag>;

const metadataOf = (json: string) => JSON.parse(json) as Record<string, string>;

export const conversationFromRow = (row: ConversationRow): ConversationRecord => ({
  id: row.id,
  botName: row.bot_name,
  createdAt: row.created_at,
  lastActionAt: row.last_action_at,
  status: row.status,
  metadata: metadataOf(row.metadata),
  welcomed: Boolean(row.welcomed),
});

export const exportedConversationFromRow = (row: ExportedConversationRow): ExportedConversation => ({
  ...row,
  metadata: metadataOf(row.metadata),
  escalated: Boolean(row.escalated),
  positiveFeedback: Boolean(row.positiveFeedback),
  negativeFeedback: Boolean(row.negativeFeedback),
});
