/**
 * The Bitrix24 REST double over real HTTP, for Node test suites (`b24-call-card/testing/rest-server`).
 * The double itself (`createRestDouble`) is in `b24-call-card/testing`, which stays free of Node imports.
 *
 * @packageDocumentation
 */
export { DEFAULT_MAX_BODY_BYTES, startRestServer, createSelfSignedCertificate } from './httpServer';
export type { RestServer, RestServerOptions } from './httpServer';
