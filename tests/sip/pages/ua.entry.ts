// The far-end page: a plain SIP.js user agent (`window.b24sip.createPlainUa`).
import { createPlainUa } from './plainUa';

Object.assign(window, { b24sip: { createPlainUa } });
