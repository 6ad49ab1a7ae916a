/**
 * The donor-facing HTML pages, rendered on the server with Preact. They need no JavaScript in
 * the browser and no external assets; every page is a full document starting with <!doctype html>.
 */
export { renderHomePage } from "./home-page.tsx";
export { renderTrackPage } from "./track-page.tsx";
export { renderTrackProblemPage } from "./track-problem-page.tsx";
export { renderErrorPage, renderStatusPage } from "./error-page.tsx";
export { renderReceiptPage } from "./receipt-page.tsx";
