import type { RegulatorSessionStore } from "../db/regulator-sessions.ts";
import { hashSessionId } from "./regulator-session-secrets.ts";

/** Signs a regulator out: the session is ended in the table, so its cookie signs nobody in again. */
export async function endRegulatorSession(options: { regulatorSessions: RegulatorSessionStore; sessionId: string }): Promise<void> {
  await options.regulatorSessions.end(hashSessionId(options.sessionId));
}
