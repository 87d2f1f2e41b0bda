// The device class of a browser, by seed 002's rule: its User-Agent names "Mobile" (phones, and
// iPads, which say it too), else "Tablet" (Firefox on Android tablets), else a desktop.
export type Device = 'mobile' | 'tablet' | 'desktop';

export function deviceOf(userAgent: string | undefined): Device {
  if (userAgent?.includes('Mobile')) return 'mobile';
  if (userAgent?.includes('Tablet')) return 'tablet';
  return 'desktop';
}
