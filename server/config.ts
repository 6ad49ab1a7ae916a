import { z } from "zod";

/** Environment parsed once at start; a bad value stops the process with a message naming it. */
const ZConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  PUBLIC_URL: z.url().optional(),
  /** A chain node donors may query themselves, printed in receipts' find-gift command. */
  PUBLIC_RPC_URL: z.url().optional(),
  /** The zone pages show times in (an IANA name); Beijing time unless set. */
  TIME_ZONE: z.string().refine(isTimeZone, "not an IANA time zone, such as Asia/Shanghai").default("Asia/Shanghai"),
  /**
   * A block explorer's page for a transaction, with {txHash} where the hash goes
   * (https://explorer.example/tx/{txHash}): the tracking page links each step to it. None for a local chain.
   */
  EXPLORER_TX_URL: z
    .string()
    .regex(/^https?:\/\/[^\s"<>]*\{txHash\}[^\s"<>]*$/, "must be an http(s) address containing {txHash}")
    .optional(),
  /** The Chromium that prints the reports' PDFs (GET /reports/…pdf); without one there, they answer 503. */
  CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
  DATA_DIR: z.string().default(".data"),
  DATABASE_URL: z.url().optional(),
  RPC_URL: z.url().optional(),
  CHAIN_PORT: z.coerce.number().int().min(0).max(65535).default(8545),
  /**
   * The local chain when RPC_URL is not set: Hardhat's (rebuilt from the project's journal on every
   * start, so restarts grow with history) or anvil's, which saves its own state and restarts in seconds.
   */
  LOCAL_CHAIN: z.enum(["hardhat", "anvil"]).default("hardhat"),
  LEDGER_ADDRESS: z.string().regex(/^0x[0-9a-fA-F]{40}$/).optional(),
  /**
   * Use the well-known development keys (Hardhat's and anvil's default mnemonic) for every role not
   * given explicitly, and allow the demo seed. Default: only with the embedded chain. Never on a
   * chain with real money: these keys are public.
   */
  DEV_KEYS: z.enum(["true", "false"]).optional().transform((v) => (v === undefined ? undefined : v === "true")),
  /** Only to deploy a new ledger; the running server keeps no admin key. */
  ADMIN_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/).optional(),
  REGISTRAR_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/).optional(),
  /** Sends the writes organisations sign themselves through the ledger's forwarder; it can write nothing alone. */
  RELAYER_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/).optional(),
  /** Sends the confirmations regulators' clients make through the API; the key must hold the ledger's auditor role. */
  AUDITOR_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/).optional(),
  /** Pays gas for the organisations' own keys on chains that charge for it. */
  FUNDER_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/).optional(),
  /** Wei sent to each new organisation key by the funder. */
  ORG_KEY_FUNDING_WEI: z.string().regex(/^\d{1,30}$/).default("100000000000000000000").transform((v) => BigInt(v)),
  /** 64 hex characters; by default a random key kept in DATA_DIR/secrets/master-key. */
  MASTER_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes)").optional(),
  /** How often the server checks the whole mirror against the chain (npm run verify, in the background). */
  VERIFY_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(600),
  STUCK_TX_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  JWT_SECRET: z.string().min(32).optional(),
  JWT_ISSUER: z.string().default("donation-ledger"),
  JWT_AUDIENCE: z.string().default("donation-ledger-api"),
  JWT_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /** How often the API re-reads revoked and rotated clients: their tokens stop working within it. */
  CLIENT_CHECK_SECONDS: z.coerce.number().min(0.1).max(300).default(5),
  /** How long a regulator stays signed in on the regulator pages: a working day. */
  REGULATOR_SESSION_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(8 * 3600),
  CONFIRMATIONS: z.coerce.number().int().min(0).max(1000).default(0),
  POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  SEED_DEMO: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  // Per window, per IP and per client: the token endpoint runs scrypt on every attempt; writes
  // must take 1,000 donations a second from one charity; reads are people and their browsers.
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  RATE_LIMIT_TOKEN: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_WRITES: z.coerce.number().int().min(1).default(120_000),
  RATE_LIMIT_READS: z.coerce.number().int().min(1).default(600),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof ZConfig>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most shells' .env habits.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = ZConfig.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
