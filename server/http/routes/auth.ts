import { Router } from "express";
import { z } from "zod";
import { ZTokenRequest } from "../../domain/schemas.ts";
import { issueToken, type IssuedToken } from "../../services/issue-token.ts";
import type { AppDeps } from "../deps.ts";
import { parseOrThrow } from "../problem.ts";
import { json, problemResponses, type RouteOperations, type Agrees, type SameShape } from "../schemas.ts";

export function authRoutes(deps: AppDeps): Router {
  const router = Router();
  router.post("/api/v1/auth/token", async (req, res) => {
    const request = parseOrThrow(ZTokenRequest, req.body ?? {});
    const token: TTokenResponse = await issueToken({ apiClients: deps.apiClients, tokens: deps.tokens, request });
    res.set("Cache-Control", "no-store").json(token);
  });
  return router;
}

/** OAuth2 client credentials: a short-lived JWT to send as `Authorization: Bearer <access_token>`. */
export const ZTokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.int().positive().meta({ description: "Seconds until the token expires." }),
});
export type TTokenResponse = z.infer<typeof ZTokenResponse>;
type _TokenAgrees = Agrees<SameShape<TTokenResponse, IssuedToken>>;

export const authOperations: RouteOperations = {
  "/api/v1/auth/token": {
    post: {
      operationId: "issueToken",
      tags: ["auth"],
      summary: "Trade a client id and secret for a short-lived token",
      requestBody: {
        required: true,
        content: { "application/json": { schema: ZTokenRequest }, "application/x-www-form-urlencoded": { schema: ZTokenRequest } },
      },
      responses: { "200": json("The token.", ZTokenResponse), ...problemResponses(400, 401, 429) },
    },
  },
};
