import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerDataImport } from './dataImport.js';
import { registerDataCheck } from './dataCheck.js';
import { registerDataDownload } from './dataDownload.js';
import { registerDataFeatures } from './dataFeatures.js';
import { registerBacktest } from './backtest.js';
import { registerBackup } from './backup.js';
import { registerModels } from './models.js';
import { registerOptimize } from './optimize.js';
import { registerReset } from './reset.js';
import { registerRun } from './run.js';
import { registerStatus } from './status.js';
import { registerInit } from './init.js';
import { registerDataList } from './dataList.js';
import { registerTrades } from './trades.js';
import { registerBacktestRuns } from './backtestRuns.js';
import { registerConfigShow } from './configShow.js';

/** Every command of the CLI, one file each. Add a command by adding its register call below. */
export function registerCommands(program: Command, ctx: CliContext): void {
  const data = program.command('data').description('market data: download, import, check, features');
  // -- data commands --
  registerDataImport(data, ctx);
  registerDataCheck(data, ctx);
  registerDataDownload(data, ctx);
  registerDataFeatures(data, ctx);
  registerDataList(data, ctx);
  // -- top-level commands --
  registerInit(program, ctx);
  registerConfigShow(program.command('config').description('the configuration: what is in effect and where it came from'), ctx);
  registerRun(program, ctx);
  registerReset(program, ctx);
  registerStatus(program, ctx);
  registerTrades(program, ctx);
  registerModels(program, ctx);
  registerBacktestRuns(registerBacktest(program, ctx), ctx);
  registerOptimize(program, ctx);
  registerBackup(program, ctx);
  void data;
  void ctx;
}
