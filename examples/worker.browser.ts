/**
 * The worker page's script as a browser bundle: `BX24` is the Bitrix24 frame library
 * loaded by the page before this script.
 */
import type { PlacementPort } from '../index';
import { idleSipClient, startWorker } from './worker';

declare const BX24: { placement: PlacementPort };

const card = startWorker(BX24.placement, idleSipClient());
(globalThis as { callCard?: unknown }).callCard = card;
