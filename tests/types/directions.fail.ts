/**
 * Type test (checked by `npm run typecheck`, never run): directions are unions. On main a
 * summary for the records layer took any string as its direction, and the layer quietly
 * recorded the call with no direction.
 */
import { fromCallSummary, type CallStart } from '../../adapters/records';
import type { CallDirection, CallSummary } from '../../index';

declare const summary: CallSummary;

// Correct code compiles.
const directions: CallDirection[] = ['incoming', 'incomingTransfer', 'outgoing', 'callback'];
fromCallSummary({ ...summary, direction: 'incomingTransfer' });
fromCallSummary({ ...summary, direction: null });
const start: CallStart = { direction: 'incomingRedirect', phoneNumber: '+4930123456' };

// @ts-expect-error the card's summary says 'incomingTransfer'; 'incomingRedirect' is register's TYPE name
fromCallSummary({ ...summary, direction: 'incomingRedirect' });

// @ts-expect-error 'inbound' is no direction
fromCallSummary({ ...summary, direction: 'inbound' });

// @ts-expect-error register's TYPE names: 'incoming', 'outgoing', 'incomingRedirect', 'callback', 'informational'
const wrong: CallStart = { direction: 'incomingTransfer', phoneNumber: '+4930123456' };

export { directions, start, wrong };
