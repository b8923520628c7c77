// What a committed call changed, as the PayDesk server pushes it to every signed-in client
// (GET /api/events): the handler and the ids named by its arguments and result. Ids only: never
// names, amounts or bank details. `all` (an id list cut at MAX_CHANGED_IDS, or a handler that
// names nothing, such as an import) tells a client to refresh everything it shows.

export const MAX_CHANGED_IDS = 1000;

export interface ChangeEvent {
  kind: 'changed';
  handler: string;
  /** The signed-in user's id (0: the command line's operator), not their name. */
  by: number | null;
  at: string;
  paymentIds: number[];
  periodIds: number[];
  batchIds: number[];
  providerIds: number[];
  all: boolean;
}
