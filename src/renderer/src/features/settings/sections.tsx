import type { ComponentType } from 'react';
import type { Group } from '../../../../shared/domain/words';
import type { SessionUser } from '../../../../shared/api/contract/session';
import { UsersSection } from '../users/UsersSection';
import { REFERENCE_SETTINGS_SECTIONS } from '../reference-settings/sections';
import { AuditSection } from '../audit/AuditSection';
import { BackupsSection } from '../backups/BackupsSection';
import { ConnectionSection } from './ConnectionSection';

export interface SettingsSection {
  id: string;
  label: string;
  /** Who sees the section (any of these groups). */
  groups: readonly Group[];
  component: ComponentType<{ user: SessionUser }>;
}

/**
 * The Settings page's sections, in order. A feature adds its section here with one line
 * (reference data: Rates, Agency, Reasons, Service periods, Workflow settings).
 */
export const SETTINGS_SECTIONS: SettingsSection[] = [
  { id: 'users', label: 'Users', groups: ['Administrator'], component: UsersSection },
  ...REFERENCE_SETTINGS_SECTIONS,
  { id: 'audit', label: 'Audit trail', groups: ['Administrator'], component: AuditSection },
  { id: 'backups', label: 'Backups', groups: ['Administrator'], component: BackupsSection },
  { id: 'connection', label: 'Connection', groups: ['Approver', 'Payor', 'Administrator'], component: ConnectionSection },
];
