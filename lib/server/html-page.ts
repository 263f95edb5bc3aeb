/**
 * The few pages the hub answers itself rather than through the dashboard
 * (the dashboard's "not serving" page, /connect/<slug>, the OAuth callback): plain HTML, every
 * text escaped, never cached, and no Referer sent on from them, so a token in
 * the page's own URL goes nowhere else.
 */

/** Text made safe for HTML content and attribute values. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PageLink {
  /** A local path (or an absolute URL) the page links to. */
  href: string;
  label: string;
}

/** A small page: a heading, paragraphs, links; `headers` adds to the defaults. */
export function htmlPage(page: { title: string; paragraphs: readonly string[]; links?: readonly PageLink[]; status?: number; headers?: Record<string, string> }): Response {
  const paragraphs = page.paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('');
  const links = (page.links ?? []).map((link) => `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>`).join('');
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>MCP Hub: ${escapeHtml(page.title)}</title></head><body><main><h1>${escapeHtml(page.title)}</h1>${paragraphs}${links}</main></body></html>`;
  return new Response(body, {
    status: page.status ?? 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', ...page.headers },
  });
}
