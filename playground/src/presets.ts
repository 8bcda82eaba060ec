import type { InitializedPayload } from '../../testing/host';

/** Call data to start from; the operator edits it as JSON before raising the call. */
export const CALL_PRESETS: Readonly<Record<string, Partial<InitializedPayload>>> = {
  incoming: {
    CALL_ID: 'externalCall.demo.in',
    PHONE_NUMBER: '+14155550123',
    LINE_NUMBER: 'sip-line-1',
    LINE_NAME: 'Sales',
    CRM_ENTITY_TYPE: 'CONTACT',
    CRM_ENTITY_ID: 42,
    CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 42 }],
    CALL_DIRECTION: 'incoming',
    CALL_STATE: 'idle',
    CALL_LIST_MODE: false,
  },
  outgoing: {
    CALL_ID: 'externalCall.demo.out',
    PHONE_NUMBER: '+4930123456',
    LINE_NUMBER: 'sip-line-1',
    LINE_NAME: 'Sales',
    CRM_ENTITY_TYPE: 'DEAL',
    CRM_ENTITY_ID: 7,
    CRM_BINDINGS: [{ ENTITY_TYPE: 'DEAL', ENTITY_ID: 7 }],
    CALL_DIRECTION: 'outgoing',
    CALL_STATE: 'idle',
    CALL_LIST_MODE: false,
  },
  callback: {
    CALL_ID: 'externalCall.demo.callback',
    PHONE_NUMBER: '+33123456789',
    LINE_NUMBER: 'sip-line-2',
    LINE_NAME: 'Support',
    CRM_ENTITY_TYPE: 'LEAD',
    CRM_ENTITY_ID: 1001,
    CRM_BINDINGS: [{ ENTITY_TYPE: 'LEAD', ENTITY_ID: 1001 }],
    CALL_DIRECTION: 'callback',
    CALL_STATE: 'idle',
    CALL_LIST_MODE: false,
  },
  'call list': {
    CALL_ID: 'externalCall.demo.list',
    PHONE_NUMBER: '+442071234567',
    LINE_NUMBER: 'sip-line-1',
    LINE_NAME: '',
    CRM_ENTITY_TYPE: 'COMPANY',
    CRM_ENTITY_ID: 3,
    CRM_BINDINGS: [{ ENTITY_TYPE: 'COMPANY', ENTITY_ID: 3 }],
    CALL_DIRECTION: 'outgoing',
    CALL_STATE: 'idle',
    CALL_LIST_MODE: true,
  },
  'transferred to me': {
    CALL_ID: 'externalCall.demo.transfer',
    PHONE_NUMBER: 'hidden',
    LINE_NUMBER: 'sip-line-1',
    LINE_NAME: 'Sales',
    CRM_ENTITY_TYPE: '',
    CRM_ENTITY_ID: 0,
    CRM_BINDINGS: [],
    CALL_DIRECTION: 'incomingTransfer',
    CALL_STATE: 'idle',
    CALL_LIST_MODE: false,
  },
};

/** Who the transfer dialog offers, as the host's picker does: employees, a queue, an outside number. */
export const TRANSFER_TARGETS = [
  { label: 'Anna Petrova (employee 12)', kind: 'user', target: '12' },
  { label: 'Boris Ivanov (employee 17)', kind: 'user', target: '17' },
  { label: 'Support queue (3)', kind: 'queue', target: '3' },
  { label: 'Outside number +4930999888', kind: 'pstn', target: '+4930999888' },
] as const;
