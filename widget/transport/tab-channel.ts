// The tabs' channel over BroadcastChannel: one per conversation, in every tab of the visitor's
// browser (same origin, same storage partition). What arrives is checked before anyone sees it.
import { type TabChannel, decodeTabMessage } from '../protocol';

/** Null where the browser has no BroadcastChannel: then each tab keeps its own stream. */
export function openTabChannel(name: string): TabChannel | null {
  if (typeof BroadcastChannel !== 'function') return null;
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    listen(listener) {
      const receive = ({ data }: MessageEvent) => {
        const message = decodeTabMessage(data);
        if (message) listener(message);
      };
      channel.addEventListener('message', receive);
      return () => channel.removeEventListener('message', receive);
    },
    close: () => channel.close(),
  };
}
