import express, { type Express } from "express";
import { AppError, AppErrorCode } from "../domain/errors.ts";
import type { AppDeps } from "./deps.ts";
import { renderErrorPage } from "./pages/index.ts";
import { problemHandler, sendProblem } from "./problem.ts";
import { authRoutes } from "./routes/auth.ts";
import { pageRoutes } from "./routes/pages.ts";
import { trackRoutes } from "./routes/track.ts";
import { writeRoutes } from "./routes/writes.ts";

/** Builds the HTTP application apart from `listen`, so tests and the entry point share it. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use((_req, res, next) => {
    res.set({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    });
    next();
  });
  app.use("/api", express.json({ limit: "64kb", type: ["application/json", "application/*+json"] }));
  app.use("/api/v1/auth", express.urlencoded({ extended: false, limit: "8kb" }));

  app.use(authRoutes(deps));
  app.use(writeRoutes(deps));
  app.use(trackRoutes(deps));
  app.use(pageRoutes(deps));

  app.use("/api", (req, res) => sendProblem(res, new AppError(AppErrorCode.NotFound, `No API route ${req.method} ${req.originalUrl}.`)));
  app.use((_req, res) => {
    res.status(404).type("html").send(renderErrorPage({ status: 404, title: "Page not found", message: "There is no page at this address." }));
  });
  app.use(
    problemHandler(deps.logger, (status) =>
      renderErrorPage(
        status >= 500
          ? { status, title: "Something went wrong", message: "Something went wrong on our side. Please try again in a minute." }
          : { status, title: "This did not work", message: "The address or the form was not right. Please go back and try again." },
      ),
    ),
  );
  return app;
}
