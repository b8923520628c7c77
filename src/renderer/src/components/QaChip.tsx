import type { QaSampleState } from '../../../shared/domain/words';

/**
 * The QA sample's mark (issue #16; docs/qa-sample.md): "QA sample" (amber: it waits for a second
 * Approver's check before Authorize) or "QA checked" (green). Nothing for a payment not sampled.
 * The same plain chip as StatusChip (its style sheet).
 */
export function QaChip({ value }: { value: QaSampleState | null }) {
  if (value !== 'sampled' && value !== 'checked') return null;
  return (
    <span className="pd-chip" data-tone={value === 'sampled' ? 'warning' : 'success'} data-qa={value} title={value === 'sampled' ? 'In the QA sample: a second Approver checks it before Authorize' : 'QA checked by a second Approver'}>
      {value === 'sampled' ? 'QA sample' : 'QA checked'}
    </span>
  );
}

export const QA_WORDS: Record<QaSampleState, string> = { 'not sampled': '', sampled: 'QA sample', checked: 'QA checked' };
