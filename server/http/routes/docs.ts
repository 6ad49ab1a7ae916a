import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Router, type Response } from "express";
import { z } from "zod";
import { packageRoot } from "../../package-root.ts";
import { json, problemResponses, type RouteOperations } from "../schemas.ts";

/**
 * The OpenAPI document and the interactive docs (Swagger UI from the npm package swagger-ui-dist,
 * served from this server: no CDN). The page loads only scripts and styles from here, so its
 * content-security policy adds `script-src 'self'`, `style-src 'self'` and `connect-src 'self'`
 * to the app's and nothing more.
 */
export function docsRoutes(document: object): Router {
  const router = Router();
  const body = JSON.stringify(document);
  router.get("/api/v1/openapi.json", (_req, res) => {
    res.set("Cache-Control", "no-cache").type("application/json").send(body);
  });
  router.get("/api/docs", (_req, res) => {
    docsPolicy(res).status(200).type("html").set("Cache-Control", "no-cache").send(DOCS_PAGE);
  });
  router.get("/api/docs/:file", (req, res, next) => {
    const file = DOCS_FILES.get(req.params.file);
    if (!file) return next();
    docsPolicy(res).set("Cache-Control", "public, max-age=3600").sendFile(file);
  });
  return router;
}

const SWAGGER_UI = packageRoot("swagger-ui-dist");
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Every file the page loads, by the name it asks for; nothing else of the package is served. */
const DOCS_FILES = new Map([
  ["swagger-ui.css", path.join(SWAGGER_UI, "swagger-ui.css")],
  ["swagger-ui-bundle.js", path.join(SWAGGER_UI, "swagger-ui-bundle.js")],
  ["favicon-32x32.png", path.join(SWAGGER_UI, "favicon-32x32.png")],
  ["init.js", path.join(HERE, "..", "api-docs", "init.js")],
]);

const SWAGGER_UI_VERSION: string = JSON.parse(readFileSync(path.join(SWAGGER_UI, "package.json"), "utf8")).version;

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Donation ledger API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css?v=${SWAGGER_UI_VERSION}">
<link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
</head>
<body>
<noscript><p>The interactive documentation needs JavaScript. The document itself is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></noscript>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js?v=${SWAGGER_UI_VERSION}"></script>
<script src="/api/docs/init.js?v=${SWAGGER_UI_VERSION}"></script>
</body>
</html>
`;

/**
 * The app's policy (server/http/app.ts) plus what Swagger UI needs: its own script and style files,
 * and fetching the document (and "try it out") from this origin. Inline styles were allowed already;
 * inline scripts stay forbidden.
 */
function docsPolicy(res: Response): Response {
  return res.set(
    "Content-Security-Policy",
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  );
}

export const docsOperations: RouteOperations = {
  "/api/v1/openapi.json": {
    get: {
      operationId: "getOpenApiDocument",
      tags: ["operations"],
      summary: "This document (OpenAPI 3.1); the interactive docs are at /api/docs",
      responses: {
        "200": json("The OpenAPI document.", z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) })),
        ...problemResponses(),
      },
    },
  },
};
