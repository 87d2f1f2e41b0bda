/** Posts an analytics record (the impression) and forgets it; it may finish after the visitor left the page. */
export function sendBeacon(url: string, body: object): void {
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), keepalive: true }).catch(() => {});
}
