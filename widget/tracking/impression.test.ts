import { describe, expect, it } from 'vitest';
import { impression } from './impression';

describe('impression', () => {
  it('builds the PROTOCOL §5 body with the resolved locale and seed 002 metadata, development on localhost', () => {
    const page = { href: 'http://localhost:8787/pricing', hostname: 'localhost' } as Location;
    const nav = { language: 'en-GB', userAgent: 'UA/1.0' } as Navigator;
    expect(impression('c-1', 'cust-7', 'fr-FR', page, nav, { referrer: 'https://search.example/' } as Document)).toEqual({
      conversation_id: 'c-1', customer_id: 'cust-7', page_url: 'http://localhost:8787/pricing', source: 'web', language: 'fr-FR',
      environment: 'development',
      metadata: { page_url: 'http://localhost:8787/pricing', user_agent: 'UA/1.0', widget_loaded: true, referrer: 'https://search.example/' },
    });
    expect(impression('c-1', undefined, 'en', { href: 'https://shop.example/', hostname: 'shop.example' } as Location, nav, { referrer: '' } as Document).environment).toBe('production');
  });
});
