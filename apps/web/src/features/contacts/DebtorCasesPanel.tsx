/** Other cases of the same debtor (same ID number), only those the user may see. */
import { Empty, Table } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DebtorCaseItem } from '@recova/contracts';
import { formatMoney } from '../../shared/money';
import { CaseStatusTag } from '../cases/CaseStatusTag';
import { useDebtorCases } from './api';

export function DebtorCasesPanel({ caseId }: { caseId: number }) {
  const { t, i18n } = useTranslation();
  const q = useDebtorCases(caseId);
  if (!q.isPending && !q.data?.length) return <Empty data-testid="debtor-cases-empty" description={t('contacts.noDebtorCases')} />;
  return (
    <Table<DebtorCaseItem>
      data-testid="debtor-cases"
      size="small"
      rowKey="id"
      pagination={false}
      loading={q.isPending}
      dataSource={q.data ?? []}
      columns={[
        { title: t('cases.clientCaseRef', { defaultValue: '#' }), dataIndex: 'clientCaseRef', render: (v: string | null, r) => <Link to={`/cases/${r.id}`}>{v ?? r.id}</Link> },
        { title: t('cases.client'), dataIndex: 'clientCode' },
        { title: t('cases.batch'), dataIndex: 'batchNo' },
        { title: t('common.status'), dataIndex: 'status', render: (v: string) => <CaseStatusTag status={v as never} /> },
        { title: t('cases.outstanding'), dataIndex: 'outstanding', render: (v: number | null, r) => formatMoney(v, r.currency, i18n.language) },
        { title: t('cases.assignedTo'), dataIndex: 'assignedUserName', render: (v: string | null) => v ?? t('cases.unassigned') },
      ]}
    />
  );
}
