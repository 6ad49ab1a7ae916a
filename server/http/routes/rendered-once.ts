import type { PageContext } from "../pages/page-context.ts";

/** Rendered variants kept per page data (languages × the ?lang= link × the verification state). */
const RENDERED_PER_PAGE = 8;

/**
 * Rendering a page costs more than reading its kept data, so the HTML is kept with the data it
 * was rendered from (and goes with it): the same data, language, link and verification give the
 * same bytes. Keyed by the data object itself, so a new block's data renders afresh; `variant`
 * names whatever else the page shows (see `variantOf`).
 */
export function renderedOnce() {
  const kept = new WeakMap<object, Map<string, string>>();
  return (data: object, key: string, render: () => string): string => {
    let variants = kept.get(data);
    const hit = variants?.get(key);
    if (hit !== undefined) return hit;
    const html = render();
    if (!variants) kept.set(data, (variants = new Map()));
    // The ?lang= link echoes the query: bound what odd queries can keep.
    if (variants.size < RENDERED_PER_PAGE) variants.set(key, html);
    return html;
  };
}


/** What a page's HTML depends on besides its data: the reader's language, the switch's link, the zone, and what the page shows of the rest. */
export function variantOf(context: PageContext, ...shown: unknown[]): string {
  return [context.lang, context.switchHref, context.timeZone, ...shown].join("\n");
}
