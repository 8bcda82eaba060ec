import type { CardCommandName } from './commands';

/**
 * The placement interface exactly as `BX24.placement` has it, so the global can be
 * passed as it is.
 *
 * @see https://apidocs.bitrix24.com/api-reference/widgets/ui-interaction/page-background-worker/
 */
export interface PlacementPort {
  /** Sends a command to the card; the host calls `callback` with its result (or never). */
  call(command: CardCommandName | string, params: unknown, callback: (result: unknown) => void): void;
  /** Binds a handler to a host event; the host offers no way to unbind. */
  bindEvent(event: string, handler: (data?: unknown, ...rest: unknown[]) => void): void;
}
