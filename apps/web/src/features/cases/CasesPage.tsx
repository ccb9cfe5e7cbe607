import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { App as AntApp, Button, Card, Checkbox, Dropdown, Popover, Space, Table, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { DownOutlined, SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseFilter, CaseListItem } from '@recova/contracts';
import { useCases, type CaseAction, type CaseSort } from './api';
import { ExportCasesButton } from '../exports/ExportCasesButton';
import { filterFromParams, listParamsFromParams, onlyFilter, paramsFromList } from './filters';
import { CaseFilterBar } from './CaseFilterBar';
import { CaseActionModal } from './CaseActionModal';
import { CaseStatusTag } from './CaseStatusTag';
import { useCan } from '../../app/auth';
import { SearchGuardAlert } from './SearchGuardAlert';
import { formatMoney } from '../../shared/money';
import { formatInt } from '../../shared/format';
import { useLocalStorage } from '../../shared/useLocalStorage';

const ALL_COLUMNS = [
  'clientCaseRef',
  'debtorName',
  'idNumberMasked',
  'mobileMasked',
  'client',
  'batchNo',
  'placedAmount',
  'outstanding',
  'dpd',
  'bucket',
  'clientDpd',
  'region',
  'province',
  'status',
  'assignedUserName',
  'placementDate',
] as const;
type ColKey = (typeof ALL_COLUMNS)[number];
const DEFAULT_COLUMNS: ColKey[] = ['clientCaseRef', 'debtorName', 'idNumberMasked', 'mobileMasked', 'batchNo', 'placedAmount', 'outstanding', 'dpd', 'bucket', 'status', 'assignedUserName'];
const SORTABLE: Partial<Record<ColKey, CaseSort>> = {
  clientCaseRef: 'clientCaseRef',
  debtorName: 'debtorName',
  placedAmount: 'placedAmount',
  dpd: 'dpd',
  placementDate: 'placementDate',
};
const isColList = (v: unknown): v is ColKey[] => Array.isArray(v) && v.every((x) => (ALL_COLUMNS as readonly string[]).includes(x as string));

export default function CasesPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const navigate = useNavigate();
  const can = useCan();
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  // the search text stays in memory, never in the URL (it may be an ID, card or phone number)
  const [q, setQ] = useState<string | undefined>(undefined);
  const list = useMemo(() => ({ ...listParamsFromParams(params), ...(q ? { q } : {}) }), [params, q]);
  const filter = useMemo(() => ({ ...filterFromParams(params), ...(q ? { q } : {}) }), [params, q]);
  const cases = useCases(list);
  const [visible, setVisible] = useLocalStorage<ColKey[]>('recova.cases.columns', DEFAULT_COLUMNS, isColList);
  const [selected, setSelected] = useState<number[]>([]);
  const [action, setAction] = useState<CaseAction | null>(null);
  const total = cases.data?.total ?? 0;
  // the server counts up to 1,000 cases past the page (issue 7); `more` = there are more than `total`
  const more = cases.data?.more ?? false;
  const totalLabel = formatInt(total, locale) + (more ? '+' : '');

  const update = (patch: Partial<typeof list>, resetSelection = false) => {
    setParams(paramsFromList({ ...list, ...patch }));
    if (resetSelection) setSelected([]);
  };

  const onFilter = (f: CaseFilter) => {
    setQ(f.q?.trim() ? f.q : undefined);
    setParams(paramsFromList({ ...f, sort: list.sort, order: list.order, page: 1, pageSize: list.pageSize }));
    setSelected([]);
  };

  const sortOrder = (k: ColKey) => (SORTABLE[k] && SORTABLE[k] === list.sort ? (list.order === 'asc' ? 'ascend' : 'descend') : null);

  const defs: Record<ColKey, ColumnsType<CaseListItem>[number]> = {
    clientCaseRef: { title: t('cases.clientCaseRef'), dataIndex: 'clientCaseRef', fixed: 'left', width: 160 },
    debtorName: { title: t('cases.debtorName'), dataIndex: 'debtorName', width: 110, render: (v: string | null) => v ?? '—' },
    idNumberMasked: { title: t('cases.idNumber'), dataIndex: 'idNumberMasked', width: 190, render: (v: string | null) => v ?? '—' },
    mobileMasked: { title: t('cases.mobile'), dataIndex: 'mobileMasked', width: 130, render: (v: string | null) => v ?? '—' },
    client: { title: t('cases.client'), dataIndex: 'clientCode', width: 110 },
    batchNo: { title: t('cases.batch'), dataIndex: 'batchNo', width: 130 },
    placedAmount: {
      title: t('cases.placedAmount'),
      dataIndex: 'placedAmount',
      width: 140,
      align: 'right',
      render: (v: number | null, r) => formatMoney(v, r.currency, locale),
    },
    outstanding: {
      title: t('cases.outstanding'),
      dataIndex: 'outstanding',
      width: 140,
      align: 'right',
      render: (v: number | null, r) => formatMoney(v, r.currency, locale),
    },
    dpd: { title: t('cases.dpd'), dataIndex: 'dpd', width: 100, align: 'right', render: (v: number | null) => formatInt(v, locale) },
    bucket: { title: t('cases.bucket'), dataIndex: 'bucket', width: 80, render: (v: string | null) => v ?? '—' },
    clientDpd: { title: t('cases.clientDpd'), dataIndex: 'clientDpd', width: 110, align: 'right', render: (v: number | null) => formatInt(v, locale) },
    region: { title: t('cases.region'), dataIndex: 'region', width: 110, render: (v: string | null) => v ?? '—' },
    province: { title: t('cases.province'), dataIndex: 'province', width: 100, render: (v: string | null) => v ?? '—' },
    status: { title: t('common.status'), dataIndex: 'status', width: 90, render: (s: CaseListItem['status']) => <CaseStatusTag status={s} /> },
    assignedUserName: { title: t('cases.assignedTo'), dataIndex: 'assignedUserName', width: 120, render: (v: string | null) => v ?? t('cases.unassigned') },
    placementDate: { title: t('cases.placementDate'), dataIndex: 'placementDate', width: 120, render: (v: string | null) => v ?? '—' },
  };

  const columns: ColumnsType<CaseListItem> = ALL_COLUMNS.filter((k) => visible.includes(k) || k === 'clientCaseRef').map((k) => ({
    ...defs[k],
    key: k,
    sorter: SORTABLE[k] ? true : undefined,
    sortOrder: SORTABLE[k] ? sortOrder(k) : undefined,
  }));

  const chooser = (
    <div data-testid="column-chooser" style={{ maxWidth: 260 }}>
      <Checkbox.Group
        value={visible}
        onChange={(v) => setVisible(v as ColKey[])}
        style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
        options={ALL_COLUMNS.map((k) => ({
          value: k,
          disabled: k === 'clientCaseRef',
          label: <span data-testid={`column-toggle-${k}`}>{String(defs[k].title)}</span>,
        }))}
      />
      <Button size="small" type="link" style={{ padding: 0, marginTop: 8 }} onClick={() => setVisible(DEFAULT_COLUMNS)}>
        {t('cases.resetColumns')}
      </Button>
    </div>
  );

  const canState = can('cases.state');
  const canAssign = can('cases.assign');
  const actionItems = [
    ...(canState
      ? [
          { key: 'pause', label: <span data-testid="case-action-pause">{t('caseActions.pause')}</span> },
          { key: 'close', label: <span data-testid="case-action-close">{t('caseActions.close')}</span> },
          { key: 'resume', label: <span data-testid="case-action-resume">{t('caseActions.resume')}</span> },
        ]
      : []),
    ...(canAssign ? [{ key: 'assign', label: <span data-testid="case-action-assign">{t('caseActions.assign')}</span> }] : []),
  ];

  return (
    <Card title={t('cases.title')}>
      <CaseFilterBar filter={filter} onChange={onFilter} canSeeUsers={can('users.read')} />
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Typography.Text data-testid="case-total">{t('cases.totalCount', { count: total, total: totalLabel })}</Typography.Text>
          {selected.length > 0 && (
            <Typography.Text type="secondary" data-testid="case-selected-count">
              {t('cases.selectedCount', { count: selected.length })}
              <Button type="link" size="small" onClick={() => setSelected([])}>
                {t('cases.clearSelection')}
              </Button>
            </Typography.Text>
          )}
        </Space>
        <Space wrap>
          {actionItems.length > 0 && (
            <Dropdown
              menu={{ items: actionItems, onClick: ({ key }) => setAction(key as CaseAction) }}
              trigger={['click']}
              disabled={total === 0}
            >
              <Button data-testid="case-actions">
                {t('caseActions.title')} <DownOutlined />
              </Button>
            </Dropdown>
          )}
          {can('cases.export') && (
            <ExportCasesButton filter={onlyFilter(list)} />
          )}
          {can('cases.export') && can('cases.reveal') && (
            <ExportCasesButton filter={onlyFilter(list)} reveal testId="cases-export-full" label={t('pii.exportFull')} />
          )}
          <Popover content={chooser} title={t('cases.columns')} trigger="click" placement="bottomRight">
            <Button data-testid="column-chooser-button" icon={<SettingOutlined />}>
              {t('cases.columns')}
            </Button>
          </Popover>
        </Space>
      </Space>
      <SearchGuardAlert error={cases.error} />
      <Table<CaseListItem>
        data-testid="cases-table"
        rowKey="id"
        size="middle"
        loading={cases.isFetching}
        dataSource={cases.data?.items ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        rowSelection={
          actionItems.length > 0
            ? {
                selectedRowKeys: selected,
                preserveSelectedRowKeys: true,
                onChange: (keys) => setSelected(keys as number[]),
              }
            : undefined
        }
        onRow={(r) =>
          ({
            'data-testid': `case-row-${r.clientCaseRef}`,
            style: { cursor: 'pointer' },
            onClick: (e: React.MouseEvent) => {
              const el = e.target as HTMLElement;
              if (el.closest('.ant-table-selection-column, .ant-checkbox-wrapper, a, button')) return;
              navigate(`/cases/${r.id}`);
            },
          }) as React.HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: list.page,
          pageSize: list.pageSize,
          total,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100, 200],
          showTotal: (n) => t('cases.totalCount', { count: n, total: totalLabel }),
        }}
        onChange={(pg, _f, sorter, extra) => {
          if (extra.action === 'sort') {
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<CaseListItem>;
            const key = s.columnKey as ColKey | undefined;
            const sort = s.order && key ? (SORTABLE[key] ?? 'id') : 'id';
            update({ sort, order: s.order === 'descend' ? 'desc' : 'asc', page: 1 });
          } else if (extra.action === 'paginate') {
            update({ page: pg.current ?? 1, pageSize: pg.pageSize ?? list.pageSize });
          }
        }}
      />
      <CaseActionModal
        action={action}
        selectedIds={selected}
        filter={filter}
        total={total}
        more={more}
        onClose={() => setAction(null)}
        onDone={(n) => {
          void message.success(t('caseActions.done', { count: n }));
          setSelected([]);
        }}
      />
    </Card>
  );
}
