/** Small real files of each kind evidence is kept as, for the magic-byte check and the upload tests. */

/** A one-page PDF (it opens in a reader); `note` goes in a comment, so each run's bytes are its own. */
export function pdfFile(note = ""): Buffer {
  return Buffer.from(
    [
      "%PDF-1.4",
      `% invoice 2026-117 ${note}`,
      "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj",
      "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj",
      "3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj",
      "trailer<</Root 1 0 R>>",
      "%%EOF",
      "",
    ].join("\n"),
    "latin1",
  );
}

/** A 1×1 PNG; `note` follows its IEND chunk, where readers stop, so each run's bytes are its own. */
export function pngFile(note = ""): Buffer {
  const pixel = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  return Buffer.concat([pixel, Buffer.from(note)]);
}

/** The start of a JPEG (start-of-image, then a JFIF APP0 segment). */
export const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

/** The start of a WebP: a RIFF container of form WEBP. */
export const WEBP_START = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x24, 0, 0, 0]), Buffer.from("WEBPVP8 ")]);
