export type {
  AssetReport,
  BacktestInput,
  BacktestReport,
  BuildReportOptions,
  BuyAndHoldLeg,
  BuyAndHoldReport,
  ClosePoint,
  FoldReport,
  RegimeMark,
  RegimeReport,
  ReportSummary,
  TradeRow,
  WalkForwardWindow,
} from './types.js';
export { buildReport, reportSeries, type ReportSeries } from './buildReport.js';
export { canonicalFills, fillFingerprint, float64Hex, FINGERPRINT_VERSION } from './fingerprint.js';
export { writeReport, REPORT_FILES, type ReportFiles } from './writeReport.js';
export { EQUITY_CSV_HEADER, TRADES_CSV_HEADER, equityCsv, tradesCsv } from './csv.js';
export { renderReportHtml, type HtmlOptions, type HtmlSeries } from './html/renderHtml.js';
export { BUY_AND_HOLD_METHOD } from './buyAndHold.js';
export { UNLABELLED } from './regimes.js';
