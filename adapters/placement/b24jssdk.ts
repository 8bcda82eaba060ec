/**
 * `b24-call-card/b24jssdk`: use the card with `@bitrix24/b24jssdk` instead of the global
 * `BX24`. A separate entry so that users of `BX24` never need the SDK's types.
 *
 * @packageDocumentation
 */
export { fromB24jssdkPlacement } from './b24jssdkPlacement';
export type { B24jssdkErrorResult, B24jssdkPlacement, B24jssdkPlacementOptions } from './b24jssdkPlacement';
