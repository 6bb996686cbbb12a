import { Client } from 'pg';

/** Runs read-only queries against a reference AI DAWG's database (the proof behind the API). */
export async function queryDatabase<T extends Record<string, unknown>>(databaseUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Row counts of the tables an injection would touch, and whether each still exists. */
export async function tableCensus(databaseUrl: string): Promise<Record<string, number>> {
  const tables = await queryDatabase<{ table_name: string }>(databaseUrl, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
  const census: Record<string, number> = {};
  for (const { table_name: name } of tables) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) continue;
    const [row] = await queryDatabase<{ count: string }>(databaseUrl, `SELECT count(*)::text AS count FROM "${name}"`);
    census[name] = Number(row?.count ?? 0);
  }
  return census;
}
