import { Router } from "express";
import { ZTokenRequest } from "../../domain/schemas.ts";
import { issueToken } from "../../services/issue-token.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";

export function authRoutes(deps: AppDeps): Router {
  const router = Router();
  router.post("/api/v1/auth/token", async (req, res) => {
    const request = parseOrThrow(ZTokenRequest, req.body ?? {});
    const token = await issueToken({ db: deps.db, tokens: deps.tokens, request });
    res.set("Cache-Control", "no-store").json(token);
  });
  return router;
}
