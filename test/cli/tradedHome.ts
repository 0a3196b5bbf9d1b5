import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { runBot } from '../support/cli.js';
import { sharedFile } from '../support/sharedData.js';

/** A home whose bot.db the bot itself made: SOL/USD 1h candles and a paper replay with orders and fills. */
export async function tradeInHome(home: string, iterations = 200): Promise<string> {
  const h = ['--home', home];
  const imported = await runBot([...h, 'data', 'import', sharedFile('binance', 'SOL-USDT_1h.csv'), '--symbol', 'SOL/USD', '--timeframe', '1h']);
  expect(imported.code, imported.stderr).toBe(0);
  const ran = await runBot([
    ...h,
    'run',
    '--feed',
    'replay',
    '--assets',
    'SOL/USD',
    '--from',
    '2024-01-01',
    '--iterations',
    String(iterations),
    '--interval',
    '0',
  ]);
  expect(ran.code, ran.stderr).toBe(0);
  const file = path.join(home, 'bot.db');
  expect(fs.existsSync(`${file}-wal`), 'the bot closed the database and checkpointed its WAL').toBe(false);
  return file;
}

/**
 * Damage one page of a table as a disk would: the last bytes of its first leaf page, where SQLite keeps the
 * rows' cells, overwritten. The page's position is read from the file itself (dbstat).
 */
export function damageTablePage(file: string, table: string): void {
  const db = new Database(file, { readonly: true });
  const leaf = db.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno LIMIT 1").get(table) as
    | { pageno: number }
    | undefined;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  if (!leaf) throw new Error(`the ${table} table has no leaf page`);
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, Buffer.alloc(256, 0xff), 0, 256, leaf.pageno * pageSize - 256);
  } finally {
    fs.closeSync(fd);
  }
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Rows per table, for comparing two copies of a database. */
export function tableCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(tables.map((t) => [t.name, (db.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}
