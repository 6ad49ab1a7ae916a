import pg from "pg";

export interface PoolOptions {
  max: number;
  /** Extra server settings for each connection (`-c search_path=…`). */
  options?: string;
  /** Told about connections the server dropped (a restart, a shutdown); they are replaced on the next use. */
  onConnectionLost?: (error: Error) => void;
}

/**
 * A pg pool that survives its server going away. pg emits 'error' on a connection the server
 * closed, idle or checked out between queries; with no listener that event ends the process. Every
 * connection gets one, so a lost connection only fails the query on it, and the pool opens new
 * ones once the server is back.
 */
export function createPool(connectionString: string, options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: options.max, ...(options.options ? { options: options.options } : {}) });
  const lost = (error: Error) => options.onConnectionLost?.(error);
  pool.on("error", lost);
  pool.on("connect", (client) => client.on("error", lost));
  return pool;
}
