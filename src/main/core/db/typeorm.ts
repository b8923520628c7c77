import type { DataSource } from 'typeorm';
import type { ENTITIES } from './entities';

/**
 * TypeORM, its entities and the metadata polyfill it needs, loaded by the first open that may
 * write (it runs the migrations): an open to read only (Store.open with `reading`) never loads them,
 * which saves the CLI's read commands some 0.1 s of start-up.
 */
export async function loadTypeorm(): Promise<{ DataSource: typeof DataSource; ENTITIES: typeof ENTITIES }> {
  await import('reflect-metadata');
  const [typeorm, entities] = await Promise.all([import('typeorm'), import('./entities.js')]);
  return { DataSource: typeorm.DataSource, ENTITIES: entities.ENTITIES };
}
