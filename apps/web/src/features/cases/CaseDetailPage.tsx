import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Col, Descriptions, Empty, Row, Space, Statistic, Table, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail, FieldInfo, RevealField } from '@recova/contracts';
import { useCase } from './api';
import { CaseStatusTag } from './CaseStatusTag';
import { RevealValue } from './RevealValue';
import { useFields } from '../imports/api';
import { FullPageSpin } from '../../app/guards';
import { useCan } from '../../app/auth';
import { WORKBENCH_PANELS } from './workbench-panels';
import { Workbench } from '../contacts/Workbench';
import { ApiErrorAlert } from '../../shared/errors';
import { formatMoney, bpToPercent } from '../../shared/money';
import { formatDateTime, formatInt } from '../../shared/format';

/** Case fields shown masked that a user with cases.reveal can reveal one at a time. */
const FIELD_REVEAL: RevealField[] = ['debtor_name', 'id_number', 'card_number', 'account_number', 'repayment_account'];

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : null);

function sumFields(fields: CaseDetail['fields'], keys: string[]): number | null {
  let any = false;
  let s = 0;
  for (const k of keys) {
    const v = num(fields[k]);
    if (v !== null) {
      any = true;
      s += v;
    }
  }
  return any ? s : null;
}

export default function CaseDetailPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const en = locale === 'en-US';
  const navigate = useNavigate();
  const can = useCan();
  const id = Number(useParams().caseId);
  const q = useCase(id);
  const fieldsQ = useFields();

  if (q.isPending) return <FullPageSpin />;
  if (q.error || !q.data) return <ApiErrorAlert error={q.error} />;
  const c = q.data;
  const money = (v: number | null | undefined) => formatMoney(v ?? null, c.currency, locale);
  const fieldDefs = new Map<string, FieldInfo>((fieldsQ.data?.fields ?? []).map((f) => [f.key, f]));
  const fieldLabel = (k: string) => {
    const f = fieldDefs.get(k);
    return f ? (en ? f.labelEn : f.label) : k;
  };
  const fieldValue = (k: string, v: string | number | null) => {
    if (v === null || v === '') return '—';
    const type = fieldDefs.get(k)?.type;
    if (type === 'money' && num(v) !== null) return money(num(v));
    if (type === 'percent' && num(v) !== null) return `${bpToPercent(num(v))}%`;
    return String(v);
  };

  const balances: { key: string; label: string; value: number | null }[] = [
    { key: 'placed', label: t('cases.placedAmount'), value: c.placedAmount },
    { key: 'principal', label: t('cases.principal'), value: num(c.fields.principal) },
    { key: 'interest', label: t('cases.interest'), value: num(c.fields.interest) },
    { key: 'fees', label: t('cases.fees'), value: sumFields(c.fields, ['penalty', 'late_fee', 'other_fees']) },
    { key: 'paid', label: t('cases.paid'), value: num(c.fields.paid_amount) },
    { key: 'outstanding', label: t('cases.outstanding'), value: c.outstanding },
  ];

  const fieldRows = Object.entries(c.fields)
    .filter(([, v]) => v !== null && v !== '')
    .map(([k, v]) => ({ key: k, label: fieldLabel(k), value: fieldValue(k, v) }));
  const customRows = Object.entries(c.custom).map(([k, v]) => ({ key: k, value: v }));

  const tr = (ns: string, v: string | null) => (v ? t(`${ns}.${v}`, { defaultValue: v }) : '—');

  const tabs = [
    {
      key: 'addresses',
      label: <span data-testid="case-tab-addresses">{`${t('caseDetail.addresses')} (${c.addresses.length})`}</span>,
      children: (
        <Table
          data-testid="case-addresses"
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={c.addresses}
          columns={[
            { title: t('caseDetail.addressKind'), dataIndex: 'kind', width: 140, render: (v: string) => tr('addressKind', v) },
            { title: t('caseDetail.address'), dataIndex: 'address', render: (v: string, r) => <RevealValue caseId={c.id} field="address" refId={r.id} masked={v} testId={`case-address-${r.id}`} /> },
            { title: t('caseDetail.contactName'), dataIndex: 'contactName', width: 140, render: (v: string | null) => v ?? t('phoneOwner.debtor') },
          ]}
        />
      ),
    },
    {
      key: 'contacts',
      label: <span data-testid="case-tab-contacts">{`${t('caseDetail.contacts')} (${c.contacts.length})`}</span>,
      children: (
        <Table
          data-testid="case-contacts"
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: 900 }}
          dataSource={c.contacts}
          columns={[
            { title: '#', dataIndex: 'seq', width: 50 },
            { title: t('caseDetail.contactName'), dataIndex: 'name', render: (v: string | null, r) => <RevealValue caseId={c.id} field="contact_name" refId={r.id} masked={v} testId={`case-contact-${r.id}-name`} /> },
            { title: t('caseDetail.relation'), dataIndex: 'relation', render: (v: string | null) => tr('relation', v) },
            { title: t('caseDetail.mobile'), dataIndex: 'mobile', render: (v: string | null, r) => <RevealValue caseId={c.id} field="contact_mobile" refId={r.id} masked={v} /> },
            { title: t('caseDetail.workPhone'), dataIndex: 'workPhone', render: (v: string | null, r) => <RevealValue caseId={c.id} field="contact_work_phone" refId={r.id} masked={v} /> },
            { title: t('caseDetail.homePhone'), dataIndex: 'homePhone', render: (v: string | null, r) => <RevealValue caseId={c.id} field="contact_home_phone" refId={r.id} masked={v} /> },
            { title: t('caseDetail.employer'), dataIndex: 'employer', render: (v: string | null) => v ?? '—' },
            { title: t('caseDetail.address'), dataIndex: 'address', render: (v: string | null, r) => <RevealValue caseId={c.id} field="contact_address" refId={r.id} masked={v} /> },
          ]}
        />
      ),
    },
    {
      key: 'comments',
      label: <span data-testid="case-tab-comments">{`${t('caseDetail.comments')} (${c.comments.length})`}</span>,
      children: (
        <Table
          data-testid="case-comments"
          size="small"
          rowKey="id"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={c.comments}
          columns={[
            { title: t('common.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v, locale) },
            { title: t('caseDetail.author'), dataIndex: 'author', width: 120, render: (v: string | null, r) => v ?? (r.importId ? t('caseDetail.fromImport', { id: r.importId }) : '—') },
            { title: t('caseDetail.comment'), dataIndex: 'body', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> },
          ]}
        />
      ),
    },
    {
      key: 'records',
      label: <span data-testid="case-tab-records">{`${t('caseDetail.records')} (${c.records.length})`}</span>,
      children: (
        <Table
          data-testid="case-records"
          size="small"
          rowKey="id"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={c.records}
          columns={[
            { title: t('common.time'), dataIndex: 'at', width: 170, render: (v: string | null) => formatDateTime(v, locale) },
            { title: t('caseDetail.channel'), dataIndex: 'channel', width: 100, render: (v: string | null) => tr('channel', v) },
            { title: t('caseDetail.target'), dataIndex: 'target', width: 160, render: (v: string | null, r) => <RevealValue caseId={c.id} field="record_target" refId={r.id} masked={v} /> },
            { title: t('caseDetail.result'), dataIndex: 'result', width: 140, render: (v: string | null) => v ?? '—' },
            { title: t('caseDetail.note'), dataIndex: 'note', render: (v: string | null) => <span style={{ whiteSpace: 'pre-wrap' }}>{v ?? ''}</span> },
            { title: t('caseDetail.collector'), dataIndex: 'collector', width: 110, render: (v: string | null) => v ?? '—' },
          ]}
        />
      ),
    },
    {
      key: 'fields',
      label: <span data-testid="case-tab-fields">{t('caseDetail.allFields')}</span>,
      children: (
        <Table
          data-testid="case-fields"
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={fieldRows}
          columns={[
            { title: t('caseDetail.field'), dataIndex: 'label', width: 220 },
            {
              title: t('caseDetail.value'),
              dataIndex: 'value',
              render: (v: string, r: { key: string }) =>
                FIELD_REVEAL.includes(r.key as RevealField) ? <RevealValue caseId={c.id} field={r.key as RevealField} masked={v} testId={`case-field-${r.key}`} /> : v,
            },
          ]}
        />
      ),
    },
    {
      key: 'custom',
      label: <span data-testid="case-tab-custom">{`${t('caseDetail.custom')} (${customRows.length})`}</span>,
      children: (
        <Table
          data-testid="case-custom"
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={customRows}
          columns={[
            { title: t('caseDetail.field'), dataIndex: 'key', width: 220 },
            { title: t('caseDetail.value'), dataIndex: 'value' },
          ]}
        />
      ),
    },
    {
      key: 'events',
      label: <span data-testid="case-tab-events">{`${t('caseDetail.events')} (${c.events.length})`}</span>,
      children: (
        <Table
          data-testid="case-events"
          size="small"
          rowKey="id"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={c.events}
          columns={[
            { title: t('common.time'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v, locale) },
            { title: t('caseDetail.eventType'), dataIndex: 'type', width: 120, render: (v: string) => tr('eventType', v) },
            { title: t('caseActions.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
            { title: t('caseDetail.user'), dataIndex: 'user', width: 120, render: (v: string | null) => v ?? '—' },
          ]}
        />
      ),
    },
    {
      key: 'imports',
      label: <span data-testid="case-tab-imports">{`${t('caseDetail.imports')} (${c.imports.length})`}</span>,
      children: (
        <Table
          data-testid="case-imports"
          size="small"
          rowKey={(r) => `${r.importId}-${r.at}`}
          pagination={false}
          dataSource={c.imports}
          columns={[
            { title: '#', dataIndex: 'importId', width: 70, render: (v: number) => <Link to={`/batches/${c.batchId}/import?importId=${v}`}>{v}</Link> },
            { title: t('imports.kind'), dataIndex: 'kind', width: 120, render: (v: string) => t(`importKind.${v}`, { defaultValue: v }) },
            { title: t('imports.file'), dataIndex: 'fileName' },
            { title: t('caseDetail.outcome'), dataIndex: 'outcome', width: 120, render: (v: string) => tr('importOutcome', v) },
            { title: t('common.time'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v, locale) },
          ]}
        />
      ),
    },
  ];

  const panelTabs = WORKBENCH_PANELS.filter((p) => !p.permission || can(p.permission)).map((p) => ({
    key: p.key,
    label: <span data-testid={`case-tab-${p.key}`}>{t(p.labelKey)}</span>,
    children: <p.Component caseId={c.id} />,
  }));
  const allTabs = [...panelTabs, ...tabs];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
            <span data-testid="case-detail-name">{c.debtorName ?? t('cases.noName')}</span>
            <Typography.Text type="secondary" data-testid="case-detail-ref">
              {c.clientCaseRef}
            </Typography.Text>
            <CaseStatusTag status={c.status} />
          </Space>
        }
      >
        <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="case-detail">
          <Descriptions.Item label={t('cases.debtorName')}>
            <RevealValue caseId={c.id} field="debtor_name" masked={c.debtorName} testId="case-detail-debtor" />
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.idNumber')}>
            <RevealValue caseId={c.id} field="id_number" masked={c.idNumberMasked} testId="case-detail-id" />
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.mobile')}>{c.mobileMasked ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.client')}>{c.clientCode}</Descriptions.Item>
          <Descriptions.Item label={t('cases.batch')}>
            <Link to={`/batches/${c.batchId}`}>{c.batchNo}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('common.status')}>
            <CaseStatusTag status={c.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.assignedTo')}>
            <span data-testid="case-detail-assignee">{c.assignedUserName ?? t('cases.unassigned')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.placementDate')}>{c.placementDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.region')}>{[c.province, c.region].filter(Boolean).join(' / ') || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('caseDetail.balances', { currency: c.currency })} data-testid="case-balances">
        <Row gutter={[16, 16]}>
          {balances.map((b) => (
            <Col key={b.key} xs={12} md={8} xl={4}>
              <Statistic title={b.label} value={money(b.value)} valueRender={() => <span data-testid={`case-balance-${b.key}`}>{money(b.value)}</span>} />
            </Col>
          ))}
        </Row>
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={12} md={6}>
            <Statistic title={t('caseDetail.dpdToday')} value={formatInt(c.dpd, locale)} valueRender={() => <span data-testid="case-dpd">{formatInt(c.dpd, locale)}</span>} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('caseDetail.bucketToday')} value={c.bucket ?? '—'} valueRender={() => <span data-testid="case-bucket">{c.bucket ?? '—'}</span>} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('cases.clientDpd')} value={formatInt(c.clientDpd, locale)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('caseDetail.clientBucket')} value={c.fields.client_bucket === null || c.fields.client_bucket === undefined ? '—' : String(c.fields.client_bucket)} />
          </Col>
        </Row>
      </Card>

      <Workbench c={c} />

      <Card>{allTabs.length ? <Tabs items={allTabs} /> : <Empty />}</Card>
    </Space>
  );
}
