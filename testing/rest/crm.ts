import { phoneKey } from './params';

/** A CRM entity the double knows by phone number (for searchCrmEntities and register). */
export interface CrmEntry {
  readonly phone: string;
  readonly type: 'CONTACT' | 'COMPANY' | 'LEAD' | (string & {});
  readonly id: number;
  readonly name?: string;
  readonly assignedById?: number;
}

/** The CRM book: entities by phone number, and leads created by `CRM_CREATE=1`. */
export class CrmBook {
  private readonly entries: CrmEntry[] = [];
  private nextLeadId = 1000;

  constructor(entries: readonly CrmEntry[] = []) {
    this.entries.push(...entries);
  }

  add(entry: CrmEntry): void {
    this.entries.push(entry);
  }

  find(phone: string): CrmEntry[] {
    const key = phoneKey(phone);
    return key === '' ? [] : this.entries.filter((entry) => phoneKey(entry.phone) === key);
  }

  createLead(phone: string, assignedById: number): CrmEntry {
    const lead: CrmEntry = { phone, type: 'LEAD', id: this.nextLeadId++, name: `Lead ${phone}`, assignedById };
    this.entries.push(lead);
    return lead;
  }

  /** The `telephony.externalCall.searchCrmEntities` result for a number. */
  search(phone: string): unknown[] {
    return this.find(phone).map((entry) => ({
      CRM_ENTITY_TYPE: entry.type,
      CRM_ENTITY_ID: entry.id,
      ASSIGNED_BY_ID: entry.assignedById ?? 1,
      NAME: entry.name ?? '',
      ASSIGNED_BY: {
        ID: String(entry.assignedById ?? 1),
        TIMEMAN_STATUS: 'OPENED',
        USER_PHONE_INNER: null,
        WORK_PHONE: null,
        PERSONAL_PHONE: null,
        PERSONAL_MOBILE: null,
      },
    }));
  }
}
