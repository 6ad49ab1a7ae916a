import path from "node:path";
import { fileURLToPath } from "node:url";
import { Router } from "express";
import { packageRoot } from "../../package-root.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The pages' scripts, from this server (no CDN): the ECharts bundle of the installed package and
 * the regulators' flows page's own script, and the donor's tracking page's watcher for a gift
 * still being written. Only these names are served. ECharts changes only
 * with the installed version, so browsers keep it a day; the page script may change with any
 * deploy, so an hour, and both revalidate by ETag.
 */
const ASSETS = new Map([
  ["echarts.min.js", { file: path.join(packageRoot("echarts"), "dist", "echarts.min.js"), maxAge: 86_400 }],
  ["regulator-flows.js", { file: path.join(HERE, "..", "assets", "regulator-flows.js"), maxAge: 3600 }],
  ["track-pending.js", { file: path.join(HERE, "..", "assets", "track-pending.js"), maxAge: 3600 }],
]);

export function regulatorAssetRoutes(): Router {
  const router = Router();
  router.get("/assets/:file", (req, res, next) => {
    const asset = ASSETS.get(req.params.file);
    if (!asset) return next();
    res.set("Cache-Control", `public, max-age=${asset.maxAge}`).type("application/javascript").sendFile(asset.file);
  });
  return router;
}
