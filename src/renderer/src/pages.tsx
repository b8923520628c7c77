import type { ComponentType } from 'react';
import type { SessionUser } from '../../shared/api/contract/session';
import { ProvidersPage } from './features/providers/ProvidersPage';
import { ChildrenPage } from './features/children/ChildrenPage';
import { PaymentsPage } from './features/payments/PaymentsPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { PageTitle } from './features/shell/AppShell';

export interface PageProps {
  /** The rest of the route after the page name, e.g. ['42'] for #/payments/42. */
  route: string[];
  user: SessionUser;
}

function Pending({ title }: { title: string }) {
  return <PageTitle title={title} subtitle="This screen is being built." />;
}

/** Route name -> page. Each feature's page is listed once here. */
export const PAGES: Record<string, ComponentType<PageProps>> = {
  payments: PaymentsPage,
  exports: () => <Pending title="Exports" />,
  providers: ProvidersPage,
  children: ChildrenPage,
  settings: SettingsPage,
};
export const DEFAULT_PAGE = 'payments';
