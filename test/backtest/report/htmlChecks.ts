import { expect } from 'vitest';

const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'wbr', 'col', 'source']);

const SCRIPT = /(<script\b[^>]*>)([\s\S]*?)(<\/script>)/gi;

/**
 * What a user opening report.html offline needs: every element closed in order (parses the same in
 * any browser), nothing fetched from anywhere. Scripts are inline only (the chart library and its data)
 * and use no network API; a browser test (reportInBrowser.test.ts) checks that no request leaves the page.
 */
export function expectSelfContainedHtml(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  for (const [, , body] of html.matchAll(SCRIPT))
    expect(body).not.toMatch(/\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts|Worker)\b|\bimport\s*\(/);
  // The scripts' text is not markup: their comparisons ("a<b") and the library's licence banner are left out.
  html = html.replace(SCRIPT, '$1$3');
  // A URL as text is only read (the config snapshot names notify.telegram.apiUrl); none may be in markup.
  for (const [tag] of html.matchAll(/<[^>]*>/g)) expect(tag).not.toMatch(/\bhttps?:/i);
  expect(html).not.toMatch(/@import|url\(/i);
  const open: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)\b([^>]*?)(\/?)>/g)) {
    const [tag, closing, rawName, attributes, selfClosing] = m;
    expect(attributes, tag).not.toMatch(/\b(src|href|xlink:href|on\w+)\s*=/i);
    const name = rawName!.toLowerCase();
    if (VOID.has(name) || selfClosing) continue;
    if (!closing) open.push(name);
    else expect(open.pop(), `</${name}> at ${m.index}`).toBe(name);
  }
  expect(open).toEqual([]);
}

/** The polylines of the page, as their point counts. */
export function polylinePointCounts(html: string): number[] {
  return [...html.matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1]!.split(' ').length);
}
