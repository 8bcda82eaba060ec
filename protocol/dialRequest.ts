/**
 * A dial request from the application's server (statechart SC-L6): the portal's
 * `ONEXTERNALCALLSTART` (click-to-call, a call list's Call button) or a callback the server
 * registered, relayed to the operator's browser. It is an input of its own, not a `phone.*`
 * event (those are the softphone's). The relay's parser (server helper and pull client)
 * produces it; the phone's owner acts on it once per `callId`.
 */
export interface DialRequest {
  /** The portal's `CALL_ID`: the call is registered already, and is only finished. */
  readonly callId: string;
  /** `PHONE_NUMBER` as the portal sent it (formatting is removed before dialling). */
  readonly phoneNumber: string;
  /** `PHONE_NUMBER_INTERNATIONAL`, dialled instead of `phoneNumber` when given. */
  readonly phoneNumberInternational?: string;
  /** `EXTENSION`: sent as DTMF once the call connects. */
  readonly extension?: string;
  /** `CALL_LIST_ID`: the call comes from a CRM call list (its external card is dropped by the host). */
  readonly callListId?: number;
  /** `USER_ID`: the operator the portal meant; a frame of another user ignores the request. */
  readonly userId: number;
  /** `IS_MOBILE`: the operator is on the mobile application; the browser does not dial. */
  readonly isMobile: boolean;
  /** `LINE_NUMBER`, when the portal named one. */
  readonly lineNumber?: string;
  /** `CRM_ENTITY_TYPE` / `CRM_ENTITY_ID`, when the portal sent them. */
  readonly crmEntityType?: string;
  readonly crmEntityId?: number;
}
