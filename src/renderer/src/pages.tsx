import type { ComponentType } from 'react';
import type { SessionUser } from '../../shared/api/contract/session';
import { ProvidersPage } from './features/providers/ProvidersPage';
import { ChildrenPage } from './features/children/ChildrenPage';
import { ExportsPage } from './features/exports/ExportsPage';
import { PaymentsPage } from './features/payments/PaymentsPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { AttentionPage } from './features/attention/AttentionPage';
import { YearEndPage } from './features/year-end/YearEndPage';

export interface PageProps {
  /** The rest of the route after the page name, e.g. ['42'] for #/payments/42. */
  route: string[];
  user: SessionUser;
}

/** Route name -> page. Each feature's page is listed once here. */
export const PAGES: Record<string, ComponentType<PageProps>> = {
  attention: AttentionPage,
  payments: PaymentsPage,
  exports: ExportsPage,
  providers: ProvidersPage,
  children: ChildrenPage,
  'year-end': YearEndPage,
  settings: SettingsPage,
};
export const DEFAULT_PAGE = 'payments';
