/**
 * The contact part of the case workbench (issue 5 point 2): phones with callable-now badges, the contact
 * timeline, flags and the debtor's other cases, plus the record form. Keyboard: `n` (outside a text
 * field) opens a new contact record.
 */
import { useEffect, useState } from 'react';
import { Badge, Button, Card, Tabs, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '@recova/contracts';
import { useCan } from '../../app/auth';
import { ContactRecordForm } from './ContactRecordForm';
import { ContactTimeline } from './ContactTimeline';
import { DebtorCasesPanel } from './DebtorCasesPanel';
import { FlagsPanel } from './FlagsPanel';
import { PhonesPanel } from './PhonesPanel';
import { useFlags } from './api';

/** Whether a key event comes from a place where typing `n` means a letter. */
const typing = (e: KeyboardEvent) => {
  const el = e.target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.closest('[role="dialog"]'));
};

export function Workbench({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const mayWrite = can('contacts.write');
  const [form, setForm] = useState<{ open: boolean; phoneId?: number }>({ open: false });
  const flags = useFlags(c.id);
  const activeFlags = (flags.data ?? []).filter((f) => f.active).length;

  useEffect(() => {
    if (!mayWrite) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'n' && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e)) {
        e.preventDefault();
        setForm({ open: true });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mayWrite]);

  const open = (phoneId?: number) => setForm({ open: true, phoneId });
  return (
    <Card
      data-testid="workbench"
      title={t('contacts.workbench')}
      extra={
        mayWrite && (
          <Tooltip title={t('contacts.shortcut')}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="record-new" onClick={() => open()}>
              {t('contacts.newRecord')}
            </Button>
          </Tooltip>
        )
      }
    >
      <Tabs
        items={[
          { key: 'phones', label: <span data-testid="case-tab-phones">{`${t('caseDetail.phones')} (${c.phones.length})`}</span>, children: <PhonesPanel c={c} onCall={mayWrite ? open : undefined} /> },
          { key: 'timeline', label: <span data-testid="case-tab-timeline">{t('contacts.timeline')}</span>, children: <ContactTimeline caseId={c.id} /> },
          { key: 'flags', label: <span data-testid="case-tab-flags">{t('contacts.flags.title')} <Badge count={activeFlags} size="small" /></span>, children: <FlagsPanel c={c} /> },
          { key: 'debtor-cases', label: <span data-testid="case-tab-debtor-cases">{t('contacts.debtorCases')}</span>, children: <DebtorCasesPanel caseId={c.id} /> },
        ]}
      />
      {form.open && <ContactRecordForm c={c} open={form.open} phoneId={form.phoneId} onClose={() => setForm({ open: false })} />}
    </Card>
  );
}
