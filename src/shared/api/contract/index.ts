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

/**
 * The API contract: handler name -> who may call it, and zod schemas for its arguments and result.
 * The core's registry, the preload's window.api, the renderer's client, the CLI and the tests all
 * take their types from here. Each feature adds its own map; merge it below.
 */
export type Access = 'public' | 'signed-in' | readonly Group[];

export interface HandlerSpec {
  access: Access;
  args: z.ZodType;
  result: z.ZodType;
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
} as const satisfies Record<string, HandlerSpec>;

export type HandlerName = keyof typeof CONTRACT;
export type HandlerArgs<K extends HandlerName> = z.input<(typeof CONTRACT)[K]['args']>;
export type HandlerResult<K extends HandlerName> = z.output<(typeof CONTRACT)[K]['result']>;
export type ParsedArgs<K extends HandlerName> = z.output<(typeof CONTRACT)[K]['args']>;

export function isHandlerName(name: string): name is HandlerName {
  return Object.prototype.hasOwnProperty.call(CONTRACT, name);
}
