import type {
  ActorGroup,
  HoldKind,
  InvoiceStatus,
  ItemKind,
  PayorKind,
  SubmissionStatus,
  SubStatus,
} from '../domain/words';

/**
 * The actions table of DESIGN.md section 3, as data. The engine, the allowed-actions query,
 * the Action drop-down, bulk actions and the tests all read this table; nothing restates it.
 *
 * One action may have several rows (e.g. Start review: Approver in Pending Approval, Payor in
 * Pending Payment). A row applies when the actor is in one of its groups, the item is in one of
 * its from-states and every `when` condition holds.
 */
export const ACTION_NAMES = [
  'create',
  'submit-for-payment',
  'parent-signature',
  'record-paper-attendance',
  'edit-attendance',
  'calculate',
  'calculate-on-enrollment',
  'record-attendance-paid-in-advance',
  'start-review',
  'place-hold',
  'release-hold',
  'mark-qa-checked',
  'authorize',
  'request-corrections',
  'submit-corrections',
  'return-to-approval',
  'deny',
  'auto-deny',
  'bank-detail-hold',
  'export',
  'mark-processed',
  'confirm-paid',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export const ACTION_LABELS: Record<ActionName, string> = {
  create: 'Create',
  'submit-for-payment': 'Submit for payment',
  'parent-signature': 'Parent signature',
  'record-paper-attendance': 'Record paper attendance',
  'edit-attendance': 'Edit attendance',
  calculate: 'Calculate',
  'calculate-on-enrollment': 'Calculate on enrollment',
  'record-attendance-paid-in-advance': 'Record attendance (paid in advance)',
  'start-review': 'Start review',
  'place-hold': 'Place on administrative hold',
  'release-hold': 'Release hold',
  'mark-qa-checked': 'Mark QA checked',
  authorize: 'Authorize',
  'request-corrections': 'Request corrections',
  'submit-corrections': 'Submit corrections',
  'return-to-approval': 'Return to approval',
  deny: 'Deny',
  'auto-deny': 'Auto-deny',
  'bank-detail-hold': 'Bank-detail hold',
  export: 'Export',
  'mark-processed': 'Mark processed',
  'confirm-paid': 'Confirm paid',
};

/** Side effects the engine performs besides the state change. */
export type ActionEffect =
  | 'store-attendance' // attendance rows given in the input are written
  | 'set-received' // received-at = now (or the given signature time)
  | 'clear-amount' // amount and calculation lines cleared until calculated again
  | 'store-calculation' // amount and calculation lines written
  | 'set-provider-signed' // provider signature time kept
  | 'set-export-batch' // export batch set, never cleared
  | 'set-hold-kind' // remembers why the item is held (administrative or bank details)
  | 'keep-amount' // the attendance stored does not touch the amount (a payment made in advance: reconciliation settles the difference)
  | 'draw-qa-sample' // a payment calculated goes into its period's QA draw (drawn or not); a new calculation needs a new QA check
  | 'set-qa-checked'; // the QA sample's second review is recorded

export interface FromState {
  status: InvoiceStatus;
  subStatuses: readonly SubStatus[];
}

/** 'same' keeps the item's current invoice status (holds are placed and released in place). */
export interface ToState {
  status: InvoiceStatus | 'same';
  subStatus: SubStatus;
}

export interface ActionConditions {
  received?: boolean;
  calculated?: boolean;
  submissionStatus?: SubmissionStatus;
  payorKind?: PayorKind;
  holdKind?: HoldKind;
  itemKind?: ItemKind;
  /** Corrections Required for longer than the configured auto-deny days. */
  correctionsOverdue?: true;
  /** false: only for items not exported (no export batch). */
  exported?: false;
  /** true: the amount was calculated on enrollment (the enrollment or prospective basis: no attendance needed). */
  onEnrollment?: true;
  /** true: the amount was paid in advance (prospective basis), to be reconciled with the attendance received after. */
  paidInAdvance?: true;
  /** 'sampled': in the QA sample and not checked yet. */
  qaSample?: 'sampled';
  /** true: not in the QA sample, or QA checked (a sampled item is authorized only after the check). */
  qaCleared?: true;
  /** true: the acting user is not the one who calculated the item (separation of duties of the QA check). */
  secondReviewer?: true;
}

export interface ActionRow {
  action: ActionName;
  groups: readonly ActorGroup[];
  /** null only for Create: the item does not exist yet. */
  from: readonly FromState[] | null;
  /** null: the invoice status and sub-status stay as they are. */
  to: ToState | null;
  submissionTo?: SubmissionStatus;
  when?: ActionConditions;
  reasonRequired: boolean;
  /** Shown in the Invoice Details Action drop-down (never System actions nor Submit for payment). */
  inDropDown: boolean;
  effects: readonly ActionEffect[];
}

const ACTIVE: readonly SubStatus[] = ['Awaiting Action', 'In Review'];
const PA_ACTIVE: FromState = { status: 'Pending Approval', subStatuses: ACTIVE };
const PP_ACTIVE: FromState = { status: 'Pending Payment', subStatuses: ACTIVE };

export const ACTIONS_TABLE: readonly ActionRow[] = [
  {
    action: 'create',
    groups: ['System'],
    from: null,
    to: { status: 'Pending Approval', subStatus: 'Awaiting Action' },
    reasonRequired: false,
    inDropDown: false,
    effects: [],
  },
  {
    action: 'submit-for-payment',
    groups: ['Provider', 'System'],
    from: [PA_ACTIVE],
    to: null,
    submissionTo: 'Ready for Parent',
    when: { submissionStatus: 'New', received: false, itemKind: 'payment' },
    reasonRequired: false,
    inDropDown: false,
    effects: ['store-attendance', 'set-provider-signed'],
  },
  {
    // Whatever the invoice status (DESIGN.md section 3), except once exported, Denied or Paid.
    action: 'parent-signature',
    groups: ['System'],
    from: [
      { status: 'Pending Approval', subStatuses: ['Awaiting Action', 'In Review', 'Administrative Hold'] },
      { status: 'Pending Payment', subStatuses: ['Awaiting Action', 'In Review', 'Administrative Hold', 'In Process'] },
      { status: 'Corrections Required', subStatuses: ['Awaiting Action'] },
      { status: 'Invoice History', subStatuses: ['Processed'] },
    ],
    to: null,
    submissionTo: 'Submitted',
    when: { exported: false, submissionStatus: 'Ready for Parent' },
    reasonRequired: false,
    inDropDown: false,
    effects: ['set-received'],
  },
  {
    action: 'record-paper-attendance',
    groups: ['Approver'],
    from: [PA_ACTIVE],
    to: null,
    when: { received: false, itemKind: 'payment' },
    reasonRequired: false,
    inDropDown: true,
    effects: ['store-attendance', 'set-received', 'clear-amount'],
  },
  {
    action: 'edit-attendance',
    groups: ['Approver'],
    from: [PA_ACTIVE],
    to: null,
    when: { received: true, itemKind: 'payment' },
    reasonRequired: false,
    inDropDown: true,
    effects: ['store-attendance', 'clear-amount'],
  },
  {
    action: 'calculate',
    groups: ['Approver'],
    from: [PA_ACTIVE],
    to: null,
    when: { received: true, itemKind: 'payment' },
    reasonRequired: false,
    inDropDown: true,
    effects: ['store-calculation', 'draw-qa-sample'],
  },
  {
    // Payment basis (DESIGN.md section 4): a period paid on enrollment, or in advance (prospective),
    // is calculated without attendance. Generate does it for a prospective period (System); bulk
    // Calculate does it for an enrollment period's items not received. The calculation must be on
    // the enrollment or prospective basis (the engine refuses an attendance one).
    action: 'calculate-on-enrollment',
    groups: ['System'],
    from: [PA_ACTIVE],
    to: null,
    when: { received: false, itemKind: 'payment' },
    reasonRequired: false,
    inDropDown: false,
    effects: ['store-calculation', 'draw-qa-sample'],
  },
  {
    // After a prospective period: the attendance of a payment made in advance, once authorized or
    // paid, is recorded beside it (its amount stays); the reconciliation adjustment settles the difference.
    action: 'record-attendance-paid-in-advance',
    groups: ['Approver', 'System'],
    from: [
      { status: 'Pending Payment', subStatuses: ['Awaiting Action', 'In Review', 'In Process'] },
      { status: 'Invoice History', subStatuses: ['Processed', 'Paid'] },
    ],
    to: null,
    when: { received: false, itemKind: 'payment', paidInAdvance: true },
    reasonRequired: false,
    inDropDown: true,
    effects: ['store-attendance', 'set-received', 'keep-amount'],
  },
  {
    action: 'start-review',
    groups: ['Approver'],
    from: [{ status: 'Pending Approval', subStatuses: ['Awaiting Action'] }],
    to: { status: 'same', subStatus: 'In Review' },
    reasonRequired: false,
    inDropDown: true,
    effects: [],
  },
  {
    action: 'start-review',
    groups: ['Payor'],
    from: [{ status: 'Pending Payment', subStatuses: ['Awaiting Action'] }],
    to: { status: 'same', subStatus: 'In Review' },
    reasonRequired: false,
    inDropDown: true,
    effects: [],
  },
  {
    action: 'place-hold',
    groups: ['Approver'],
    from: [PA_ACTIVE],
    to: { status: 'same', subStatus: 'Administrative Hold' },
    reasonRequired: true,
    inDropDown: true,
    effects: ['set-hold-kind'],
  },
  {
    action: 'place-hold',
    groups: ['Payor'],
    from: [PP_ACTIVE],
    to: { status: 'same', subStatus: 'Administrative Hold' },
    reasonRequired: true,
    inDropDown: true,
    effects: ['set-hold-kind'],
  },
  {
    action: 'release-hold',
    groups: ['Approver'],
    from: [{ status: 'Pending Approval', subStatuses: ['Administrative Hold'] }],
    to: { status: 'same', subStatus: 'Awaiting Action' },
    when: { holdKind: 'administrative' },
    reasonRequired: false,
    inDropDown: true,
    effects: ['set-hold-kind'],
  },
  {
    action: 'release-hold',
    groups: ['Payor'],
    from: [{ status: 'Pending Payment', subStatuses: ['Administrative Hold'] }],
    to: { status: 'same', subStatus: 'Awaiting Action' },
    when: { holdKind: 'administrative' },
    reasonRequired: false,
    inDropDown: true,
    effects: ['set-hold-kind'],
  },
  {
    // A bank-detail hold is released by the application once a second user confirms the new details.
    action: 'release-hold',
    groups: ['System'],
    from: [
      { status: 'Pending Approval', subStatuses: ['Administrative Hold'] },
      { status: 'Pending Payment', subStatuses: ['Administrative Hold'] },
    ],
    to: { status: 'same', subStatus: 'Awaiting Action' },
    when: { holdKind: 'bank_details' },
    reasonRequired: false,
    inDropDown: false,
    effects: ['set-hold-kind'],
  },
  {
    // The QA sample (CareControl 4, issue #16): a payment drawn for a second review when it was
    // calculated is checked by a second Approver, not the one who calculated it, before Authorize.
    action: 'mark-qa-checked',
    groups: ['Approver'],
    from: [PA_ACTIVE],
    to: null,
    when: { itemKind: 'payment', calculated: true, qaSample: 'sampled', secondReviewer: true },
    reasonRequired: false,
    inDropDown: true,
    effects: ['set-qa-checked'],
  },
  {
    action: 'authorize',
    groups: ['Approver'],
    from: [PA_ACTIVE],
    to: { status: 'Pending Payment', subStatus: 'Awaiting Action' },
    when: { received: true, calculated: true, qaCleared: true },
    reasonRequired: false,
    inDropDown: true,
    effects: [],
  },
  {
    // Calculated on enrollment (or in advance): authorized without attendance.
    action: 'authorize',
    groups: ['Approver'],
    from: [PA_ACTIVE],
    to: { status: 'Pending Payment', subStatus: 'Awaiting Action' },
    when: { received: false, calculated: true, onEnrollment: true, qaCleared: true },
    reasonRequired: false,
    inDropDown: true,
    effects: [],
  },
  {
    action: 'request-corrections',
    groups: ['Approver'],
    from: [PA_ACTIVE],
    to: { status: 'Corrections Required', subStatus: 'Awaiting Action' },
    reasonRequired: true,
    inDropDown: true,
    effects: [],
  },
  {
    action: 'request-corrections',
    groups: ['Payor'],
    from: [PP_ACTIVE],
    to: { status: 'Corrections Required', subStatus: 'Awaiting Action' },
    reasonRequired: true,
    inDropDown: true,
    effects: [],
  },
  {
    action: 'submit-corrections',
    groups: ['Provider', 'Approver', 'System'],
    from: [{ status: 'Corrections Required', subStatuses: ['Awaiting Action'] }],
    to: { status: 'Pending Approval', subStatus: 'Awaiting Action' },
    reasonRequired: false,
    inDropDown: true,
    effects: ['store-attendance', 'clear-amount'],
  },
  {
    action: 'return-to-approval',
    groups: ['Payor'],
    from: [PP_ACTIVE],
    to: { status: 'Pending Approval', subStatus: 'Awaiting Action' },
    reasonRequired: true,
    inDropDown: true,
    effects: [],
  },
  {
    action: 'deny',
    groups: ['Approver'],
    from: [PA_ACTIVE],
    to: { status: 'Invoice History', subStatus: 'Denied' },
    reasonRequired: true,
    inDropDown: true,
    effects: [],
  },
  {
    action: 'deny',
    groups: ['Payor'],
    from: [PP_ACTIVE],
    to: { status: 'Invoice History', subStatus: 'Denied' },
    reasonRequired: true,
    inDropDown: true,
    effects: [],
  },
  {
    action: 'auto-deny',
    groups: ['System'],
    from: [{ status: 'Corrections Required', subStatuses: ['Awaiting Action'] }],
    to: { status: 'Invoice History', subStatus: 'Denied' },
    when: { correctionsOverdue: true },
    reasonRequired: true,
    inDropDown: false,
    effects: [],
  },
  {
    action: 'bank-detail-hold',
    groups: ['System'],
    from: [PA_ACTIVE, PP_ACTIVE],
    to: { status: 'same', subStatus: 'Administrative Hold' },
    reasonRequired: true,
    inDropDown: false,
    effects: ['set-hold-kind'],
  },
  {
    action: 'export',
    groups: ['System'],
    from: [PP_ACTIVE],
    to: { status: 'Invoice History', subStatus: 'Paid' },
    when: { payorKind: 'direct' },
    reasonRequired: false,
    inDropDown: false,
    effects: ['set-export-batch'],
  },
  {
    action: 'export',
    groups: ['System'],
    from: [PP_ACTIVE],
    to: { status: 'Pending Payment', subStatus: 'In Process' },
    when: { payorKind: 'third_party' },
    reasonRequired: false,
    inDropDown: false,
    effects: ['set-export-batch'],
  },
  {
    action: 'mark-processed',
    groups: ['Payor', 'System'],
    from: [{ status: 'Pending Payment', subStatuses: ['In Process'] }],
    to: { status: 'Invoice History', subStatus: 'Processed' },
    when: { payorKind: 'third_party' },
    reasonRequired: false,
    inDropDown: true,
    effects: [],
  },
  {
    action: 'confirm-paid',
    groups: ['Payor', 'System'],
    from: [{ status: 'Invoice History', subStatuses: ['Processed'] }],
    to: { status: 'Invoice History', subStatus: 'Paid' },
    when: { payorKind: 'third_party' },
    reasonRequired: false,
    inDropDown: true,
    effects: [],
  },
];

export function rowsFor(action: ActionName): readonly ActionRow[] {
  return ACTIONS_TABLE.filter((r) => r.action === action);
}

/** Actions that may ever appear in the Action drop-down, in table order, each once. */
export const DROP_DOWN_ACTIONS: readonly ActionName[] = [
  ...new Set(ACTIONS_TABLE.filter((r) => r.inDropDown).map((r) => r.action)),
];

export function requiresReason(action: ActionName): boolean {
  return ACTIONS_TABLE.some((r) => r.action === action && r.reasonRequired);
}
