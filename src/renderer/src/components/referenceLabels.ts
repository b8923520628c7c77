import { formatAgeGroup } from '../../../shared/format';
import type { AgeGroup, CareLevel, DayKind } from '../../../shared/domain/words';

// How reference-data words read on screen (the stored words stay the contract's).

export const AGE_GROUP_LABELS: Record<AgeGroup, string> = {
  infant: formatAgeGroup('infant', true),
  toddler: formatAgeGroup('toddler', true),
  preschool: formatAgeGroup('preschool', true),
  school_age: formatAgeGroup('school_age', true),
};

export const DAY_KIND_LABELS: Record<DayKind, string> = { full: 'Full day', part: 'Part day' };

export const CARE_LEVEL_LABELS: Record<CareLevel, string> = { full_time: 'Full time', part_time: 'Part time' };

/** Today's date in the agency's (this computer's) calendar, as YYYY-MM-DD. */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
