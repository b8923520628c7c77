// Error codes every boundary (IPC, CLI, web preview, tests) reports the same way.

export const ERROR_CODES = [
  'BAD_REQUEST', // arguments failed the contract's schema
  'UNKNOWN_HANDLER',
  'NOT_SIGNED_IN',
  'FORBIDDEN', // the caller's groups do not allow this
  'NOT_FOUND',
  'REFUSED', // a workflow or business rule refuses the request
  'CONFLICT', // someone else changed the item first (version check)
  'INVALID_FILE', // an imported file has errors; details list them
  'UNAVAILABLE', // the database is being closed (or switched): try again
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorIssue {
  /** Where: a field path ("args.reason.code"), or a file's row and column ("row 4, hours"). */
  path: string;
  message: string;
  row?: number;
  field?: string;
}

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  /** The first field at fault, when one is. */
  field?: string;
  issues?: ErrorIssue[];
  /** The rule of the actions table that refused, e.g. "authorize: needs a calculated amount". */
  rule?: string;
}

export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly issues?: ErrorIssue[];
  readonly rule?: string;

  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.name = 'AppError';
    this.code = shape.code;
    this.field = shape.field;
    this.issues = shape.issues;
    this.rule = shape.rule;
  }

  toJSON(): AppErrorShape {
    const out: AppErrorShape = { code: this.code, message: this.message };
    if (this.field !== undefined) out.field = this.field;
    if (this.issues !== undefined) out.issues = this.issues;
    if (this.rule !== undefined) out.rule = this.rule;
    return out;
  }

  static from(shape: unknown): AppError {
    if (shape instanceof AppError) return shape;
    if (shape && typeof shape === 'object' && 'code' in shape && 'message' in shape) {
      return new AppError(shape as AppErrorShape);
    }
    return new AppError({ code: 'INTERNAL', message: shape instanceof Error ? shape.message : String(shape) });
  }
}

export function isAppErrorShape(value: unknown): value is AppErrorShape {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as AppErrorShape).code === 'string' &&
    typeof (value as AppErrorShape).message === 'string'
  );
}
