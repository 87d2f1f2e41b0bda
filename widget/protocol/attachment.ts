// A file a message carries (PROTOCOL §1 attachments), decoded with explicit checks. Its own small
// module: the saved conversation, read at page load, decodes them too.
import type { Attachment } from './events';
import { isNumber, isString, opt } from './json';

/** One attachment, as a list of none or one: one without its id, name, type or size is left out. */
export function attachment(value: unknown): Attachment[] {
  const [id, name, type, url] = ['id', 'name', 'type', 'url'].map((key) => opt(value, key, isString));
  const size = opt(value, 'size', isNumber);
  return id && name && type && size !== undefined ? [{ id, name, type, size, ...(url && { url }) }] : [];
}

export const isImageType = (type: string) => /^(png|jpeg|webp|gif)$/.test(type);
