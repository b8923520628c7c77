import type { SettingsSection } from '../settings/sections';
import { AgencySection } from './AgencySection';
import { CalculationSection } from './CalculationSection';
import { PeriodsSection } from './PeriodsSection';
import { RatesSection } from './RatesSection';
import { ReasonsSection } from './ReasonsSection';

/** The reference-data sections of the Settings page (Administrators), in the order they are listed. */
export const REFERENCE_SETTINGS_SECTIONS: SettingsSection[] = [
  { id: 'rates', label: 'Maximum rates', groups: ['Administrator'], component: RatesSection },
  { id: 'calculation', label: 'Calculation and workflow', groups: ['Administrator'], component: CalculationSection },
  { id: 'reasons', label: 'Reasons', groups: ['Administrator'], component: ReasonsSection },
  { id: 'periods', label: 'Service periods', groups: ['Administrator'], component: PeriodsSection },
  { id: 'agency', label: 'Agency and bank', groups: ['Administrator'], component: AgencySection },
];
