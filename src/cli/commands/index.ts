import type { Command } from '../command';
import { demoCommand, periodsCommand, providersCommand } from './foundation';
import { usersCommand } from './users';
import { WORKFLOW_COMMANDS } from './workflow';
import { INTAKE_COMMANDS } from './intake';
import { referenceCommands } from './reference';
import { EXPORT_COMMANDS } from './export';
import { DATABASE_COMMANDS } from './database';

/** Every command of the CLI. A feature adds its commands in its own file and lists them here. */
export const COMMANDS: Command[] = [demoCommand, periodsCommand, providersCommand, usersCommand, ...WORKFLOW_COMMANDS, ...INTAKE_COMMANDS, ...referenceCommands, ...EXPORT_COMMANDS, ...DATABASE_COMMANDS];
