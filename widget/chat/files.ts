// Files the visitor attaches: checked against the limits before anything is sent, uploaded at
// once (progress per file), cancelled when removed, and carried by the message they go with,
// which waits for them.
import { signal } from '@preact/signals';
import type { Transport } from '../protocol';
import { isImageType } from '../protocol/attachment';
import type { ChatState, FileItem, FileRefusal } from './model';

export interface FileLimits {
  /** The largest file, bytes. */
  maxBytes: number;
  /** Files per message. */
  maxFiles: number;
  /** Short types (png, jpeg, pdf, csv, txt …). */
  types: readonly string[];
}

/** The short type a file's name gives (a pasted screenshot is "image.png"); the gateway tells the real one by the bytes. */
export function fileType(name: string): string {
  const type = /\.(\w+)$/.exec(name)?.[1]?.toLowerCase();
  return type === 'jpg' ? 'jpeg' : type ?? '';
}

export interface Files {
  attach(files: readonly File[]): void;
  detach(file: FileItem): void;
  /** Starts a failed upload again. */
  retry(file: FileItem): void;
  /** Resolves true once every file is uploaded, starting again those that failed. */
  ready(files: readonly FileItem[]): Promise<boolean>;
  /** Cancels the composer's uploads and lets go of their local previews. */
  clear(): void;
}

/** `token` resolves with the conversation's token, once the gateway has issued it. */
export function createFiles(state: ChatState, transport: Transport, limits: FileLimits, token: () => Promise<string | null>): Files {
  const revoke = (item: FileItem) => item.url?.startsWith('blob:') && URL.revokeObjectURL(item.url);

  function upload(item: FileItem): Promise<boolean> {
    let cancelled = false;
    item.error.value = null;
    item.progress.value = 0;
    item.cancel = () => (cancelled = true);
    return (item.task = token().then(async (current) => {
      if (cancelled) return false;
      const sending = transport.upload(item.file!, current, (fraction) => (item.progress.value = fraction));
      item.cancel = sending.abort;
      const result = await sending.done;
      if (result.ok) {
        // From now on the gateway's URL shows it (a page's CSP may not allow blob: images); set
        // before the progress that re-renders it.
        revoke(item);
        Object.assign(item, result.file);
        item.progress.value = 1;
      } else {
        item.error.value = result.message;
      }
      return result.ok;
    }));
  }

  return {
    attach(files) {
      state.refusal.value = null;
      for (const file of files) {
        const type = fileType(file.name);
        const reason: FileRefusal['reason'] | null =
          state.drafts.value.length >= limits.maxFiles ? 'count' : !limits.types.includes(type) ? 'type' : file.size > limits.maxBytes ? 'size' : null;
        if (reason) {
          state.refusal.value = { reason, name: file.name, limit: reason === 'count' ? limits.maxFiles : limits.maxBytes };
          continue;
        }
        const item: FileItem = { name: file.name, type, size: file.size, file, progress: signal(0), error: signal(null), ...(isImageType(type) && { url: URL.createObjectURL(file) }) };
        state.drafts.value = [...state.drafts.value, item];
        void upload(item);
      }
    },
    detach(item) {
      item.cancel?.();
      revoke(item);
      state.drafts.value = state.drafts.value.filter((draft) => draft !== item);
    },
    retry: (item) => void upload(item),
    async ready(files) {
      const done = await Promise.all(files.map((item) => (item.id ? true : item.task && !item.error.value ? item.task : item.file ? upload(item) : false)));
      return done.every(Boolean);
    },
    // A message's files let go of their previews as their uploads finish.
    clear() {
      for (const item of state.drafts.value) {
        item.cancel?.();
        revoke(item);
      }
    },
  };
}
