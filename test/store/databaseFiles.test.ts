import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { DamagedDatabaseError } from '../../src/store/databaseErrors.js';
import { makeTempHome } from '../support/tempHome.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function dbFile(): string {
  const h = makeTempHome();
  cleanups.push(h.cleanup);
  return path.join(h.dir, 'bot.db');
}
const modeOf = (f: string) => fs.statSync(f).mode & 0o777;

describe('database files', () => {
  it('a new database and its -wal and -shm files are readable by their owner only', () => {
    const file = dbFile();
    const db = openDatabase(file);
    try {
      db.prepare('INSERT INTO epochs (capital, created_at) VALUES (1000, 1)').run();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(f), f).toBe(0o600);
    } finally {
      db.close();
    }
  });

  it('an existing world-readable database, -wal and -shm are made private when opened for writing', () => {
    const file = dbFile();
    // Another program left them readable by everyone, the -wal with committed rows in it.
    const other = new Database(file);
    other.pragma('journal_mode = WAL');
    other.pragma('wal_autocheckpoint = 0');
    other.exec('CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES (1)');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.chmodSync(f, 0o644);
    const warnings: string[] = [];
    const db = openDatabase(file, { onWarning: (w) => warnings.push(w) });
    try {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(f), f).toBe(0o600);
      expect(warnings).toEqual([]);
    } finally {
      db.close();
      other.close();
    }
  });

  it('an empty file is refused, also for reading, and stays as it was', () => {
    const file = dbFile();
    fs.writeFileSync(file, '');
    expect(() => openDatabase(file)).toThrow(DamagedDatabaseError);
    expect(() => openDatabase(file, { readonly: true })).toThrow(/is empty \(0 bytes\)/);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['bot.db']);
    expect(fs.statSync(file).size).toBe(0);
  });

  it('a database whose creation failed is not left behind as an empty file', () => {
    const file = dbFile();
    const broken = [{ version: 1, name: 'broken', sql: 'CREATE TABLE' }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
    openDatabase(file).close();
  });
});
