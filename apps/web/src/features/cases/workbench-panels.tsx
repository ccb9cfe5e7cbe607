/**
 * Panels of the case workbench (issue 5), in display order. Each business area adds its own panel here
 * (one import + one entry), so the case page itself does not grow with every area. A panel renders
 * under its own tab; `permission` hides it from users without that permission.
 */
import type { ComponentType } from 'react';
import type { Permission } from '@recova/contracts';
import PromisesPanel from '../payments/PromisesPanel';
import PaymentsPanel from '../payments/PaymentsPanel';
import { MessagesPanel } from '../messaging/MessagesPanel';
import { LettersPanel } from '../messaging/LettersPanel';
import { AssistsPanel } from '../messaging/AssistsPanel';
import InstallmentsPanel from '../aging/InstallmentsPanel';

export interface WorkbenchPanelProps {
  caseId: number;
}

export interface WorkbenchPanel {
  key: string;
  /** i18n key of the tab label */
  labelKey: string;
  Component: ComponentType<WorkbenchPanelProps>;
  permission?: Permission;
}

export const WORKBENCH_PANELS: WorkbenchPanel[] = [
  // contacts, promises, payments, messages, letters, assists: one entry each
  { key: 'promises', labelKey: 'payments.promisesTab', Component: PromisesPanel },
  { key: 'payments', labelKey: 'payments.tab', Component: PaymentsPanel },
  { key: 'messages', labelKey: 'messaging.panel', Component: MessagesPanel },
  { key: 'letters', labelKey: 'letters.panel', Component: LettersPanel },
  { key: 'assists', labelKey: 'assists.panel', Component: AssistsPanel },
  { key: 'installments', labelKey: 'aging.panel', Component: InstallmentsPanel },
];
