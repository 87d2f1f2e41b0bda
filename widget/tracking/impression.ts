// The impression beacon (PROTOCOL §5): once per page view, when the launcher is on screen, so the
// gateway can count who could have chatted against who did. The gateway adds the client address
// and the device class (from the User-Agent, as seed 002 does).
export interface Impression {
  conversation_id: string;
  customer_id?: string;
  page_url: string;
  source: 'web';
  /** The widget's resolved locale. */
  language: string;
  environment: 'production' | 'development';
  metadata: { page_url: string; user_agent: string; widget_loaded: true; referrer: string };
}

export function impression(conversationId: string, customerId: string | undefined, locale: string, page: Location, nav: Navigator, doc: Document): Impression {
  return {
    conversation_id: conversationId,
    ...(customerId && { customer_id: customerId }),
    page_url: page.href,
    source: 'web',
    language: locale,
    environment: /^(localhost|127\.|\[::1\])/.test(page.hostname) ? 'development' : 'production',
    metadata: { page_url: page.href, user_agent: nav.userAgent, widget_loaded: true, referrer: doc.referrer },
  };
}
