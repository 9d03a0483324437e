/** A throwaway PostgreSQL 15 cluster (scripts/pg-cluster.mjs). */
export interface PgCluster {
  /** Superuser URL on the `postgres` database: `postgres://postgres:<password>@127.0.0.1:<port>/postgres`. */
  url: string;
  /** The same server, another database. */
  urlFor(database?: string): string;
  host: string;
  port: number;
  password: string;
  dataDir: string;
  /** Stops the server (fast shutdown) but keeps its data; `start()` brings it back on the same port. */
  halt(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server at once and deletes its folder. */
  stop(): Promise<void>;
}

export function startCluster(options?: { binDir?: string; port?: number }): Promise<PgCluster>;
