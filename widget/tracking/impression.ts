// The impression beacon (PROTOCOL §5): once per page view, when the launcher is on screen, so the
// gateway can count who could have chatted against who did. The gateway adds the client address.
export interface Impression {
  conversation_id: string;
  customer_id?: string;
  page_url: string;
  device: 'mobile' | 'tablet' | 'desktop';
  source: 'web';
  language: string;
  environment: 'production' | 'development';
  metadata: { widget_loaded: true; referrer: string; user_agent: string };
}

export function deviceClass(widthPx: number): Impression['device'] {
  return widthPx < 768 ? 'mobile' : widthPx < 1024 ? 'tablet' : 'desktop';
}

export function impression(conversationId: string, customerId: string | undefined, page: Location, nav: Navigator, doc: Document, widthPx: number): Impression {
  return {
    conversation_id: conversationId,
    ...(customerId && { customer_id: customerId }),
    page_url: page.href,
    device: deviceClass(widthPx),
    source: 'web',
    language: nav.language,
    environment: /^(localhost|127\.|\[::1\])/.test(page.hostname) ? 'development' : 'production',
    metadata: { widget_loaded: true, referrer: doc.referrer, user_agent: nav.userAgent },
  };
}
