import type { Group } from '../../../../shared/domain/words';

/** Who sees the Year-end screen: the agency's finance staff (Payor) and Administrators (the handlers' own rule). */
export const YEAR_END_GROUPS: readonly Group[] = ['Payor', 'Administrator'];
