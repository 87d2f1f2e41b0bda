// Everything a visitor who chats needs beyond the page load, as one file: the conversation (its
// Chat API client, event stream and state) and the panel (its views and the Markdown reader). One
// file compresses better than two (0.7 KB gzip less) and comes in one request on the first intent
// to chat; a returning visitor whose conversation is under way gets the panel's code with it.
export { startConversation } from './conversation';
export { Panel, panelCss, spokenText } from './ui/Panel';
