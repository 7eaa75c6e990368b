// PostGraphile as the benchmark runs it (bench/readpath/postgraphile.py sets the environment).
// The pool is configured here because the CLI's connection option takes no pool settings.
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      // Spelled out rather than as a URL: a Unix socket's folder in a URL is not understood.
      poolConfig: {
        host: process.env.BENCH_PG_HOST,
        port: Number(process.env.BENCH_PG_PORT ?? 5432),
        database: process.env.BENCH_PG_DATABASE,
        user: process.env.BENCH_PG_USER,
        password: process.env.BENCH_PG_PASSWORD,
        max: Number(process.env.BENCH_PG_POOL ?? 10),
      },
      // Çözüm's tables, and the one function the queue page needs (its last event).
      schemas: ["public", "bench_pg"],
      pubsub: false,
    }),
  ],
  grafserv: { host: "127.0.0.1", port: Number(process.env.BENCH_PORT ?? 5678), graphiql: false },
  grafast: { explain: false },
};

export default preset;
