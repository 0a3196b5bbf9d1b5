export { applyPlatt, fitPlatt, plattParamsSchema } from './platt.js';
export type { PlattOptions, PlattParams } from './platt.js';
export { applyIsotonic, fitIsotonic, isotonicParamsSchema, isotonicRegression } from './isotonic.js';
export type { IsotonicParams } from './isotonic.js';
export { applyCalibration, CALIBRATION_METHODS, calibrationParamsSchema, fitCalibration } from './calibrator.js';
export type { CalibrationMethod, CalibrationParams } from './calibrator.js';
export { chooseCalibration } from './chooseCalibration.js';
export type { CalibrationChoice, ChooseCalibrationOptions } from './chooseCalibration.js';
