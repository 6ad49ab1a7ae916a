/**
 * A QR code inserted as raw markup: only what the `qrcode` library produces is accepted, one bare
 * <svg> with paths, nothing that could run script or load anything. (The tracking page keeps its
 * own copy of this check, track-page.tsx; one of the two can go once both pages are settled.)
 */
export function isQrCodeSvg(svg: string): boolean {
  return (
    /^\s*(<\?xml[^>]*\?>\s*)?<svg[\s>][\s\S]*<\/svg>\s*$/.test(svg) &&
    !/<(script|foreignObject|iframe|image|use|a|style)\b|\son[a-z]+\s*=|javascript:|href\s*=\s*["'](?!#)/i.test(svg)
  );
}

/** The code as an image with its meaning in words; nothing at all when the markup fails the check. */
export function QrCode(props: { svg: string | undefined; label: string; id?: string }) {
  if (props.svg === undefined || !isQrCodeSvg(props.svg)) return null;
  // The only raw markup on the page: made by `qrcode` from the site's own URL (no donor input), checked above.
  return <div class="qr" id={props.id} role="img" aria-label={props.label} dangerouslySetInnerHTML={{ __html: props.svg }} />;
}
