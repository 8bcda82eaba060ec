/**
 * Test support for b24-call-card (`b24-call-card/testing`): an in-memory Bitrix24 host
 * that behaves as the real one does, quirks included, and a recording softphone.
 *
 * @packageDocumentation
 */
export * from './adapters/simulator';
export { createRecordingSoftphone } from './adapters/softphone/recordingSoftphone';
export type { RecordingSoftphone } from './adapters/softphone/recordingSoftphone';
