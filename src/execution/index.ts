export { SimulatedVenue, type SimulatedVenueOptions } from './simulatedVenue.js';
export { equityOf, type AccountEquity } from './equityOf.js';
export { liquidationPrice, isBeyondLiquidation } from './liquidationPrice.js';
export { roundPrice, roundPriceAgainst, truncateAmount } from './priceRounding.js';
