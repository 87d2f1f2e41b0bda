// The tabs' channel over BroadcastChannel: one per conversation, in every tab of the visitor's
// browser (same origin, same storage partition). What arrives is checked before anyone sees it.
import { type TabChannel, type TabMessage, decodeTabMessage } from '../protocol';

/** Null where the browser has no BroadcastChannel: then each tab keeps its own stream. */
export function openTabChannel(name: string, listener: (message: TabMessage) => void): TabChannel | null {
  if (typeof BroadcastChannel !== 'function') return null;
  const channel = new BroadcastChannel(name);
  channel.onmessage = ({ data }) => {
    const message = decodeTabMessage(data);
    if (message) listener(message);
  };
  return { post: (message) => channel.postMessage(message), close: () => channel.close() };
}
