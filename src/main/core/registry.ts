import type { z } from 'zod';
import {
  CONTRACT,
  changesData,
  isHandlerName,
  type Access,
  type HandlerName,
  type HandlerResult,
  type ParsedArgs,
} from '../../shared/api/contract';
import { AppError, type ErrorIssue } from '../../shared/api/errors';
import { HANDLER_LABELS } from '../../shared/api/contract/labels';
import type { InvokeResult } from '../../shared/api/window-api';
import type { HandlerContext } from './context';

export type HandlerImpl<K extends HandlerName> = (
  args: ParsedArgs<K>,
  ctx: HandlerContext,
) => Promise<HandlerResult<K>> | HandlerResult<K>;

export type HandlerImpls<K extends HandlerName> = { [P in K]: HandlerImpl<P> };

function zodIssues(error: z.ZodError, prefix: string): ErrorIssue[] {
  return error.issues.map((i) => {
    const field = i.path.map(String).join('.');
    return { path: field ? `${prefix}.${field}` : prefix, field: field || undefined, message: i.message };
  });
}

/**
 * The one way in (Actual Budget's `app.method`, typed by the contract): every call from the
 * window, the CLI, the web preview and the tests is checked against the caller's groups (and, for
 * a handler that changes data, against a read-only database) and validated here on the way in and
 * out, before the feature's handler runs.
 */
export class Registry {
  private readonly impls = new Map<HandlerName, HandlerImpl<HandlerName>>();

  register<K extends HandlerName>(impls: Partial<HandlerImpls<K>>): void {
    for (const [name, impl] of Object.entries(impls) as [K, HandlerImpl<K>][]) {
      if (this.impls.has(name)) throw new Error(`handler ${name} is registered twice`);
      this.impls.set(name, impl as unknown as HandlerImpl<HandlerName>);
    }
  }

  /** Names in the contract without an implementation: a wiring bug, caught at start and by a test. */
  missing(): HandlerName[] {
    return (Object.keys(CONTRACT) as HandlerName[]).filter((n) => !this.impls.has(n));
  }

  async invoke(name: string, rawArgs: unknown, ctx: HandlerContext): Promise<InvokeResult<unknown>> {
    try {
      return { ok: true, value: await this.call(name, rawArgs, ctx) };
    } catch (err) {
      const error = AppError.from(err);
      if (error.code === 'INTERNAL') ctx.log('error', `handler ${name} failed`, err);
      return { ok: false, error: error.toJSON() };
    }
  }

  /** Like invoke, but throws the AppError: for in-process callers (CLI, tests, schedulers). */
  async call<K extends HandlerName>(name: K | string, rawArgs: unknown, ctx: HandlerContext): Promise<HandlerResult<K>> {
    if (!isHandlerName(name)) {
      throw new AppError({ code: 'UNKNOWN_HANDLER', message: `There is no handler named "${String(name).slice(0, 80)}".` });
    }
    const spec = CONTRACT[name];
    const impl = this.impls.get(name);
    if (!impl) throw new AppError({ code: 'INTERNAL', message: `Handler ${name} is not implemented.` });

    const access = spec.access as Access;
    if (access !== 'public') {
      const user = ctx.caller;
      if (!user) throw new AppError({ code: 'NOT_SIGNED_IN', message: ctx.signedOutBecause ?? 'Sign in first.' });
      if (access !== 'signed-in' && !access.some((g) => user.groups.includes(g))) {
        throw new AppError({
          code: 'FORBIDDEN',
          // What the user tried, in words (never the handler's internal name).
          message: `${HANDLER_LABELS[name]} is for ${access.join(' or ')} users; ${user.username} is in ${user.groups.join(', ') || 'no group'}.`,
        });
      }
    }

    // The contract says which handlers change data; none runs on a read-only database.
    if (changesData(name) && ctx.store.readOnlyReason) throw ctx.store.readOnlyError();
    if (changesData(name) && ctx.store.isReadingOnly) throw ctx.store.readingOnlyError();

    const parsed = spec.args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error, 'args');
      throw new AppError({
        code: 'BAD_REQUEST',
        message: `${HANDLER_LABELS[name]}: ${issues[0].path}: ${issues[0].message}`,
        field: issues[0].field,
        issues,
      });
    }

    const result = await impl(parsed.data as ParsedArgs<HandlerName>, ctx);
    const checked = spec.result.safeParse(result);
    if (!checked.success) {
      const issues = zodIssues(checked.error, 'result');
      throw new AppError({ code: 'INTERNAL', message: `${name} returned a bad result: ${issues[0].path}: ${issues[0].message}` });
    }
    return checked.data as HandlerResult<K>;
  }
}
