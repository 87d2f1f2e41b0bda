// A message's attachments: checked against the conversation's files when the visitor sends them,
// stored without URLs (they expire), and given fresh signed URLs each time the message goes out.
import type { WireAttachment } from '../../../widget/protocol/wire';
import { isArray, isNumber, isRecord, isString, opt, parseJson } from '../../../widget/protocol/json';
import { HttpError } from '../http/errors';
import type { HubEvent } from '../events/hub';
import type { FileStore } from '../store/store';
import type { FileUrls } from './file-urls';

/** The visitor's list, as the conversation's stored files have them (their name, type and size win). */
export async function resolveAttachments(store: Pick<FileStore, 'fileOf'>, conversationId: string, requested: readonly WireAttachment[]): Promise<WireAttachment[]> {
  return Promise.all(requested.map(async ({ id }, i) => {
    const file = await store.fileOf(conversationId, id);
    if (!file) {
      throw new HttpError(400, 'unknown_attachment', `attachments[${i}].id ${JSON.stringify(id)} is not a file of this conversation: upload it with POST /api/files first.`);
    }
    return { id, name: file.name, type: file.type, size: file.size };
  }));
}

export const withUrls = (attachments: readonly WireAttachment[], conversationId: string, urls: FileUrls): Required<WireAttachment>[] =>
  attachments.map(({ id, name, type, size }) => ({ id, name, type, size, url: urls.sign({ id, conversationId }) }));

/** The attachments a stored abstractMessage carries (none for most). */
export function storedAttachments(abstractMessage: unknown): WireAttachment[] {
  return (opt(abstractMessage, 'attachments', isArray) ?? []).flatMap((a) => {
    const [id, name, type, size] = [opt(a, 'id', isString), opt(a, 'name', isString), opt(a, 'type', isString), opt(a, 'size', isNumber)];
    return id && name && type && size !== undefined ? [{ id, name, type, size }] : [];
  });
}

/** A message event as it goes out now: its attachments with URLs signed now. Any other event as it is. */
export function withFreshUrls(event: HubEvent, conversationId: string, urls: FileUrls): HubEvent {
  if (!event.data.includes('attachments')) return event;
  const envelope = parseJson(event.data);
  const entry = opt(envelope, 'conversationEntry', isRecord);
  const raw = entry?.['entryPayload'];
  const payload = isString(raw) ? parseJson(raw) : raw;
  const message = opt(payload, 'abstractMessage', isRecord);
  if (!entry || !isRecord(payload) || !message?.['attachments']) return event;
  message['attachments'] = withUrls(storedAttachments(message), conversationId, urls);
  entry['entryPayload'] = JSON.stringify(payload);
  return { ...event, data: JSON.stringify(envelope) };
}
