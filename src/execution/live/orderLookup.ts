import { FatalError } from '../../internal/errors.js';
import type { ExchangeOrder, TradingApi } from './tradingApi.js';

/**
 * The order the exchange booked under a client id, open or closed, or undefined when it has none. This
 * is the only way a lost answer is resolved: an order is never sent again to find out. Two orders under
 * one client id mean an order was placed twice: that is a broken invariant, not something to pick from.
 */
export async function findByClientId(api: TradingApi, clientId: string): Promise<ExchangeOrder | undefined> {
  const open = (await api.openOrders(clientId)).filter((o) => o.clientId === clientId);
  const closed = (await api.closedOrders({ clientId })).filter((o) => o.clientId === clientId);
  const found = [...open, ...closed];
  if (found.length > 1) {
    throw new FatalError(
      `${api.name} holds ${found.length} orders under client id ${clientId} (${found.map((o) => o.txid).join(', ')}): an order was placed twice`,
      {
        hint: 'check the orders on the exchange and close what should not be there, then restart',
      },
    );
  }
  return found[0];
}
