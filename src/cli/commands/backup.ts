import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../internal/errors.js';
import { backupDatabase, backupFileName } from '../../store/backup.js';
import type { CliContext } from '../context.js';

export function registerBackup(program: Command, ctx: CliContext): void {
  program
    .command('backup')
    .description('copy the database (SQLite online backup: safe while a daemon runs), checked, to backups/ in the home or --to FILE')
    .option('--to <file>', 'where to write the copy (default: backups/bot-<UTC time>.db in the home); an existing file is never overwritten')
    .addHelpText('after', '\nExamples:\n  bot backup\n  bot backup --to /mnt/safe/bot-2025-01-05.db\n\nTo restore one, see README.md, "Backup and restore".')
    .action(async (opts: { to?: string }) => {
      const home = ctx.home;
      let to: string;
      if (opts.to !== undefined) {
        to = path.resolve(ctx.io.cwd, opts.to);
        const dir = path.dirname(to);
        if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
          throw new UserError(`--to ${opts.to}: the folder ${dir} does not exist`, { hint: 'create it first, or pick another --to' });
      } else {
        fs.mkdirSync(home.backupsDir, { recursive: true, mode: 0o700 });
        to = path.join(home.backupsDir, backupFileName(Date.now()));
      }
      const result = await backupDatabase(home.database, to);
      ctx.io.out(`backed up ${home.database} to ${result.file} (${(result.bytes / 1e6).toFixed(1)} MB, ${result.pages} pages, PRAGMA quick_check ok)`);
    });
}
