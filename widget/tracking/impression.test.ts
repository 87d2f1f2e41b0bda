import { describe, expect, it } from 'vitest';
import { deviceClass, impression } from './impression';

describe('impression', () => {
  it('classes devices by viewport width', () => {
    expect([320, 767, 768, 1023, 1024, 1920].map(deviceClass)).toEqual(['mobile', 'mobile', 'tablet', 'tablet', 'desktop', 'desktop']);
  });

  it('builds the PROTOCOL §5 body, development on localhost', () => {
    const page = { href: 'http://localhost:8787/pricing', hostname: 'localhost' } as Location;
    const nav = { language: 'fr-FR', userAgent: 'UA/1.0' } as Navigator;
    expect(impression('c-1', 'cust-7', page, nav, { referrer: 'https://search.example/' } as Document, 390)).toEqual({
      conversation_id: 'c-1', customer_id: 'cust-7', page_url: 'http://localhost:8787/pricing', device: 'mobile', source: 'web', language: 'fr-FR',
      environment: 'development', metadata: { widget_loaded: true, referrer: 'https://search.example/', user_agent: 'UA/1.0' },
    });
    expect(impression('c-1', undefined, { href: 'https://shop.example/', hostname: 'shop.example' } as Location, nav, { referrer: '' } as Document, 1280).environment).toBe('production');
  });
});
