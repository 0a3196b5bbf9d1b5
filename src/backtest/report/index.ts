export type {
  AssetFigures,
  AssetReport,
  BacktestInput,
  BacktestReport,
  BuildReportOptions,
  BuyAndHoldLeg,
  BuyAndHoldReport,
  BuyAndHoldSummary,
  ClosePoint,
  CostReport,
  FoldReport,
  RegimeMark,
  RegimeReport,
  ReportSummary,
  RuleBasedInput,
  RuleBasedRunSummary,
  RuleBasedSummary,
  TradeRow,
  TradingRecord,
  WalkForwardWindow,
} from './types.js';
export { buildReport, reportSeries, SAME_RULE_BASED_NOTE, type ReportSeries } from './buildReport.js';
export { COMPARISON_COLUMNS, comparisonRows, type ComparisonCell, type ComparisonRow } from './comparison.js';
export { comparisonText } from './comparisonText.js';
export { canonicalFills, fillFingerprint, float64Hex, FINGERPRINT_VERSION } from './fingerprint.js';
export { writeReport, REPORT_FILES, type ReportFiles } from './writeReport.js';
export { EQUITY_CSV_HEADER, TRADES_CSV_HEADER, equityCsv, tradesCsv } from './csv.js';
export { renderReportHtml, type HtmlOptions, type HtmlSeries } from './html/renderHtml.js';
export { BUY_AND_HOLD_METHOD } from './buyAndHold.js';
export { UNLABELLED } from './regimes.js';
