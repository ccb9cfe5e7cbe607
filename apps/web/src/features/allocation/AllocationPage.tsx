/**
 * Allocation (分案) page: filter the cases → choose collectors and/or teams and a mode → preview (per
 * collector count, amount, share; spread) → commit with a reason. Rotation (换手) is the same flow with
 * "no progress for N days"; return (退案) opens its own dialog. Collectors' profiles are edited below.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AllocationPreview, AllocationRequestInput, CaseFilter, CollectorProfile } from '@recova/contracts';
import { CaseFilterBar } from '../cases/CaseFilterBar';
import { useTeams } from '../users/api';
import { useCan } from '../../app/auth';
import { ApiErrorAlert } from '../../shared/errors';
import { useAllocCollectors, useCommitAllocation, usePreviewAllocation } from './api';
import { PreviewTable } from './PreviewTable';
import { ReturnModal } from './ReturnModal';
import { CollectorProfileModal } from './CollectorProfileModal';

interface Params {
  kind: 'allocate' | 'rotate';
  collectorIds: number[];
  teamIds: number[];
  mode: 'count' | 'amount' | 'both';
  keepDebtorTogether: boolean;
  retainPromises: boolean;
  useCapacity: boolean;
  retainPaymentDays?: number | null;
  noProgressDays?: number | null;
}
const INITIAL: Params = { kind: 'allocate', collectorIds: [], teamIds: [], mode: 'both', keepDebtorTogether: true, retainPromises: true, useCapacity: true, noProgressDays: 14 };

export default function AllocationPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const can = useCan();
  const [filter, setFilter] = useState<CaseFilter>({});
  const [params, setParams] = useState<Params>(INITIAL);
  const [previewed, setPreviewed] = useState<{ request: AllocationRequestInput; preview: AllocationPreview } | null>(null);
  const [reason, setReason] = useState('');
  const [returning, setReturning] = useState(false);
  const [editing, setEditing] = useState<CollectorProfile | null>(null);
  const collectors = useAllocCollectors();
  const teams = useTeams();
  const preview = usePreviewAllocation();
  const commit = useCommitAllocation();

  const change = (patch: Partial<Params>) => {
    setParams((p) => ({ ...p, ...patch }));
    setPreviewed(null); // a preview stands only for the parameters it was made with
  };
  const buildRequest = (): AllocationRequestInput => ({
    kind: params.kind, filter, collectorIds: params.collectorIds, teamIds: params.teamIds, mode: params.mode,
    keepDebtorTogether: params.keepDebtorTogether, retainPromises: params.retainPromises, useCapacity: params.useCapacity,
    ...(params.retainPaymentDays != null && { retainPaymentDays: params.retainPaymentDays }),
    ...(params.kind === 'rotate' && { noProgressDays: params.noProgressDays ?? 14 }),
  });
  const runPreview = () => {
    const request = buildRequest();
    commit.reset();
    preview.mutate(request, { onSuccess: (p) => setPreviewed({ request, preview: p }) });
  };
  const runCommit = () => {
    if (!previewed) return;
    commit.mutate({ request: previewed.request, token: previewed.preview.token, reason: reason.trim() }, {
      onSuccess: (r) => {
        message.success(t('allocation.committed', { moved: r.moved }));
        setPreviewed(null);
      },
    });
  };
  const teamName = (id: number | null) => teams.data?.find((x) => x.id === id)?.name ?? '';

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="allocation-page">
      <Card title={t('allocation.title')} extra={<Button danger data-testid="return-open" onClick={() => setReturning(true)}>{t('allocation.returnTitle')}</Button>}>
        <CaseFilterBar filter={filter} onChange={(f) => { setFilter(f); setPreviewed(null); }} canSeeUsers />
        <Form layout="vertical">
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item label={t('allocation.kind')}>
                <Radio.Group data-testid="alloc-kind" value={params.kind} onChange={(e) => change({ kind: e.target.value })}>
                  <Radio.Button value="allocate">{t('allocation.kinds.allocate')}</Radio.Button>
                  <Radio.Button value="rotate" data-testid="alloc-kind-rotate">{t('allocation.kinds.rotate')}</Radio.Button>
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('allocation.mode')}>
                <Radio.Group data-testid="alloc-mode" value={params.mode} onChange={(e) => change({ mode: e.target.value })}>
                  {(['count', 'amount', 'both'] as const).map((m) => <Radio.Button key={m} value={m} data-testid={`alloc-mode-${m}`}>{t(`allocation.modes.${m}`)}</Radio.Button>)}
                </Radio.Group>
              </Form.Item>
            </Col>
            {params.kind === 'rotate' && (
              <Col xs={24} md={8}>
                <Form.Item label={t('allocation.noProgressDays')}>
                  <InputNumber data-testid="alloc-no-progress" min={1} max={365} value={params.noProgressDays} onChange={(v) => change({ noProgressDays: v })} />
                </Form.Item>
              </Col>
            )}
          </Row>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item label={t('allocation.collectors')}>
                <Select
                  mode="multiple" allowClear data-testid="alloc-collectors" optionFilterProp="label" value={params.collectorIds}
                  onChange={(v) => change({ collectorIds: v })}
                  options={(collectors.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label={t('allocation.teams')}>
                <Select mode="multiple" allowClear data-testid="alloc-teams" optionFilterProp="label" value={params.teamIds} onChange={(v) => change({ teamIds: v })}
                  options={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))} />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap size="large">
            <span><Switch data-testid="alloc-debtor" checked={params.keepDebtorTogether} onChange={(v) => change({ keepDebtorTogether: v })} /> {t('allocation.keepDebtorTogether')}</span>
            <span><Switch data-testid="alloc-retain" checked={params.retainPromises} onChange={(v) => change({ retainPromises: v })} /> {t('allocation.retainPromises')}</span>
            <span><Switch data-testid="alloc-capacity" checked={params.useCapacity} onChange={(v) => change({ useCapacity: v })} /> {t('allocation.useCapacity')}</span>
            <span>{t('allocation.retainPaymentDays')} <InputNumber data-testid="alloc-payment-days" min={0} max={365} placeholder={t('allocation.fromSettings')} value={params.retainPaymentDays} onChange={(v) => change({ retainPaymentDays: v })} /></span>
            <Button type="primary" data-testid="alloc-preview-button" loading={preview.isPending} disabled={params.collectorIds.length + params.teamIds.length === 0} onClick={runPreview}>
              {t('allocation.preview')}
            </Button>
          </Space>
        </Form>
      </Card>

      {(preview.error || commit.error) && <ApiErrorAlert error={commit.error ?? preview.error} testId="alloc-error" />}
      {previewed && (
        <Card title={t('allocation.previewTitle')}>
          <PreviewTable preview={previewed.preview} />
          <Space.Compact style={{ width: '100%', marginTop: 12 }}>
            <Input data-testid="alloc-reason" placeholder={t('allocation.reasonPlaceholder')} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
            <Button type="primary" data-testid="alloc-commit" disabled={!reason.trim() || previewed.preview.moves === 0} loading={commit.isPending} onClick={runCommit}>
              {t('allocation.commit')}
            </Button>
          </Space.Compact>
        </Card>
      )}
      {commit.data && <Tag color="green" data-testid="alloc-committed">{t('allocation.committed', { moved: commit.data.moved })}</Tag>}

      <Card title={t('allocation.collectorsTitle')}>
        <ApiErrorAlert error={collectors.error} />
        <Table<CollectorProfile>
          rowKey="id" size="small" loading={collectors.isLoading} dataSource={collectors.data ?? []} pagination={{ pageSize: 20 }}
          columns={[
            { title: t('allocation.collector'), render: (_, u) => `${u.displayName} (${u.username})` },
            { title: t('users.team'), dataIndex: 'teamId', render: teamName },
            { title: t('allocation.capacity'), dataIndex: 'capacity', align: 'right' },
            { title: t('allocation.skill'), dataIndex: 'skill', align: 'right' },
            { title: t('allocation.regions'), dataIndex: 'regions', render: (xs: string[] | null) => xs?.join(', ') ?? t('allocation.any') },
            { title: t('allocation.languages'), dataIndex: 'languages', render: (xs: string[] | null) => xs?.join(', ') ?? t('allocation.any') },
            { title: t('allocation.activeCases'), dataIndex: 'caseCount', align: 'right' },
            ...(can('users.write') ? [{ title: t('common.actions'), key: 'edit', render: (_: unknown, u: CollectorProfile) => <Button size="small" data-testid={`profile-edit-${u.username}`} onClick={() => setEditing(u)}>{t('common.edit')}</Button> }] : []),
          ]}
        />
      </Card>
      <ReturnModal open={returning} filter={filter} onClose={() => setReturning(false)} />
      <CollectorProfileModal collector={editing} onClose={() => setEditing(null)} />
    </Space>
  );
}
