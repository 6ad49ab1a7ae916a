import QRCode from "qrcode";

/**
 * QR codes of page addresses as SVG, the most recent kept. Drawing one costs about 0.8 ms of CPU,
 * more than rendering the rest of a tracking page, and an address's code never changes: a page
 * asked for again (a donor checking back, a receipt printed twice) reuses it.
 */
export interface QrCodes {
  svgFor(url: string): Promise<string>;
}

export function createQrCodes(options: { entries: number }): QrCodes {
  const kept = new Map<string, Promise<string>>();
  return {
    svgFor(url) {
      let svg = kept.get(url);
      if (svg) {
        // Map keeps insertion order: moving the entry to the end marks it recently used.
        kept.delete(url);
      } else {
        svg = QRCode.toString(url, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
        // A failed drawing is not kept, so the next request tries again.
        svg.catch(() => kept.delete(url));
      }
      kept.set(url, svg);
      if (kept.size > options.entries) kept.delete(kept.keys().next().value!);
      return svg;
    },
  };
}
