import { CONTRACT } from '../../../../shared/api/contract';
import type { Group } from '../../../../shared/domain/words';

/** Who may open an export batch: read from the contract (export-batch-get), never restated. */
export const BATCH_GROUPS: readonly Group[] = CONTRACT['export-batch-get'].access;
