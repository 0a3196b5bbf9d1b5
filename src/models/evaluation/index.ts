export type { Numbers } from './numbers.js';
export { clipProbability, logit, sigmoid, PROBABILITY_EPS } from './probability.js';
export {
  accuracy,
  brierScore,
  classificationReport,
  confusion,
  directionalAccuracy,
  expectedCalibrationError,
  f1,
  logLoss,
  precision,
  recall,
  reliabilityTable,
  rocAuc,
} from './classification.js';
export type { ClassificationReport, ClassificationReportOptions, Confusion, ReliabilityBin } from './classification.js';
export { meanAbsoluteError, meanSquaredError, regressionReport, rSquared } from './regression.js';
export type { RegressionReport } from './regression.js';
export {
  fitLogisticRegression,
  fitMajorityClass,
  lastRowOfWindows,
  logisticRegressionFromParams,
  logisticRegressionParamsSchema,
  predictMajorityClass,
} from './baselines.js';
export type {
  LogisticRegression,
  LogisticRegressionOptions,
  LogisticRegressionParams,
  MajorityClassBaseline,
} from './baselines.js';
