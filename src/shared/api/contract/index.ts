import type { z } from 'zod';
import type { Group } from '../../domain/words';
import { sessionContract } from './session';
import { referenceContract } from './reference';
import { paymentsContract } from './payments';
import { workflowContract } from './workflow';
import { usersContract } from './users';
import { intakeContract } from './intake';
import { exportContract } from './export';
import { auditContract } from './audit';
import { noticesContract } from './notices';
import { backupsContract } from './backups';
import { viewsContract } from './views';
import { attentionContract } from './attention';
import { yearEndContract } from './year-end';
import { basisContract } from './basis';
import { recoveryContract } from './recovery';
import { qaContract } from './qa';
import { sheetsContract } from './sheets';

/**
 * The API contract: handler name -> who may call it, and zod schemas for its arguments and result.
 * The core's registry, the preload's window.api, the renderer's client, the CLI and the tests all
 * take their types from here. Each feature adds its own map; merge it below.
 */
export type Access = 'public' | 'signed-in' | readonly Group[];

/**
 * What a call changes, declared once per handler (absent: nothing). 'data': the agency's data,
 * refused while the database is read-only; 'sign-in': only sign-in bookkeeping (events, failure
 * counts), kept even then; 'recovery': restoring a backup, the way out of read-only mode.
 */
export type Writes = 'data' | 'sign-in' | 'recovery';

export interface HandlerSpec {
  access: Access;
  writes?: Writes;
  args: z.ZodType;
  result: z.ZodType;
}

/** Whether a handler changes the agency's data (and is therefore refused on a read-only database). */
export function changesData(name: HandlerName): boolean {
  return (CONTRACT[name] as HandlerSpec).writes === 'data';
}

export const CONTRACT = {
  ...sessionContract,
  ...referenceContract,
  ...paymentsContract,
  ...workflowContract,
  ...usersContract,
  ...intakeContract,
  ...exportContract,
  ...auditContract,
  ...noticesContract,
  ...backupsContract,
  ...viewsContract,
  ...attentionContract,
  ...yearEndContract,
  ...basisContract,
  ...recoveryContract,
  ...qaContract,
  ...sheetsContract,
} as const satisfies Record<string, HandlerSpec>;

export type HandlerName = keyof typeof CONTRACT;
export type HandlerArgs<K extends HandlerName> = z.input<(typeof CONTRACT)[K]['args']>;
export type HandlerResult<K extends HandlerName> = z.output<(typeof CONTRACT)[K]['result']>;
export type ParsedArgs<K extends HandlerName> = z.output<(typeof CONTRACT)[K]['args']>;

export function isHandlerName(name: string): name is HandlerName {
  return Object.prototype.hasOwnProperty.call(CONTRACT, name);
}
