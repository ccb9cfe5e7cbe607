/** Strategies: list, editor (ordered segments, typed conditions, actions, challenger arm), versions, activation and dry run. */
import { useEffect, useState } from 'react';
import { Button, Card, DatePicker, Drawer, Input, InputNumber, List, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DryRunResult, StrategySegment, StrategySummary } from '@recova/contracts';
import { useCan } from '../../app/auth';
import { ApiErrorAlert } from '../../shared/errors';
import { formatDateTime, formatInt } from '../../shared/format';
import { formatMoney } from '../../shared/money';
import { SegmentEditor } from './SegmentEditor';
import { useDryRun, useSaveStrategy, useSetActive, useStrategies, useStrategy } from './api';

const NEW_SEGMENT = (n: number): StrategySegment => ({ id: `seg${n}`, name: `Segment ${n}`, when: [{ field: 'bucket', op: 'eq', value: 'M1' }], actions: [] });

function DryRunTable({ r }: { r: DryRunResult }) {
  const { t, i18n } = useTranslation();
  return (
    <Table data-testid="dry-run-table" size="small" rowKey={(x) => String(x.segmentId)} pagination={false} dataSource={r.segments} columns={[
      { title: t('strategy.segment'), render: (_, x) => x.name ?? t('strategy.unmatched') },
      { title: t('strategy.cases'), dataIndex: 'cases', align: 'right', render: (n: number) => formatInt(n, i18n.language) },
      { title: t('strategy.outstanding'), dataIndex: 'outstanding', align: 'right', render: (n: number) => formatMoney(n, 'CNY', i18n.language) },
      { title: t('strategy.arms'), render: (_, x) => `${x.arms.champion} / ${x.arms.challenger}` },
      { title: t('strategy.actions'), render: (_, x) => Object.entries(x.actions).map(([k, v]) => <Tag key={k}>{t(`strategy.action.${k}`)} × {v}</Tag>) },
    ]} />
  );
}

function Editor({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [version, setVersion] = useState<number | undefined>();
  const detail = useStrategy(id, version);
  const save = useSaveStrategy();
  const dry = useDryRun();
  const [name, setName] = useState('');
  const [clientId, setClientId] = useState<number | null>(null);
  const [segments, setSegments] = useState<StrategySegment[]>([NEW_SEGMENT(1)]);
  const [note, setNote] = useState('');
  const [day, setDay] = useState<string | undefined>();
  useEffect(() => {
    if (detail.data) { setName(detail.data.name); setClientId(detail.data.clientId); setSegments(detail.data.segments); }
  }, [detail.data]);
  const move = (i: number, d: -1 | 1) => setSegments((s) => { const j = i + d; if (j < 0 || j >= s.length) return s; const c = [...s]; [c[i], c[j]] = [c[j], c[i]]; return c; });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ApiErrorAlert error={save.error ?? dry.error ?? detail.error} testId="strategy-error" />
      <Space wrap>
        <Input data-testid="strategy-name" addonBefore={t('strategy.name')} value={name} onChange={(e) => setName(e.target.value)} />
        {id === null && <InputNumber data-testid="strategy-client" addonBefore={t('strategy.clientId')} min={1} value={clientId ?? undefined} onChange={(v) => setClientId(v === null ? null : Number(v))} />}
        <Input data-testid="strategy-note" addonBefore={t('strategy.note')} value={note} onChange={(e) => setNote(e.target.value)} />
      </Space>
      {segments.map((s, i) => (
        <SegmentEditor key={i} seg={s} index={i} onChange={(x) => setSegments(segments.map((y, j) => (j === i ? x : y)))} onRemove={() => setSegments(segments.filter((_, j) => j !== i))} onMove={(d) => move(i, d)} />
      ))}
      <Space>
        <Button data-testid="segment-add" icon={<PlusOutlined />} onClick={() => setSegments([...segments, NEW_SEGMENT(segments.length + 1)])}>{t('strategy.addSegment')}</Button>
        <Button data-testid="strategy-save" type="primary" loading={save.isPending} onClick={() => save.mutate({ id, name, clientId, segments, note }, { onSuccess: () => { setVersion(undefined); if (id === null) onClose(); } })}>{t('strategy.save')}</Button>
      </Space>
      {save.isSuccess && <Typography.Text data-testid="strategy-saved" type="success">{t('strategy.saved', { version: save.data.currentVersion })}</Typography.Text>}
      {id !== null && (
        <Card size="small" title={t('strategy.dryRun')}>
          <Space>
            <DatePicker data-testid="dry-run-date" onChange={(d) => setDay(d ? d.format('YYYY-MM-DD') : undefined)} />
            <Button data-testid="dry-run" loading={dry.isPending} onClick={() => dry.mutate({ id, date: day })}>{t('strategy.dryRun')}</Button>
          </Space>
          {dry.data && <DryRunTable r={dry.data} />}
        </Card>
      )}
      {detail.data && (
        <Card size="small" title={t('strategy.versions')}>
          <List data-testid="strategy-versions" size="small" dataSource={detail.data.versions} renderItem={(v) => (
            <List.Item actions={[<Button key="v" size="small" onClick={() => setVersion(v.version)}>{t('strategy.view')}</Button>]}>
              v{v.version} · {formatDateTime(v.createdAt, i18n.language)} · {v.createdBy ?? '—'} {v.note && `· ${v.note}`}
            </List.Item>
          )} />
        </Card>
      )}
    </Space>
  );
}

export default function StrategiesPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const list = useStrategies();
  const active = useSetActive();
  const [editing, setEditing] = useState<number | null | 'closed'>('closed');
  return (
    <Card title={t('strategy.title')} extra={can('strategy.manage') && <Button data-testid="strategy-create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>{t('strategy.create')}</Button>}>
      <ApiErrorAlert error={list.error ?? active.error} />
      <Table<StrategySummary> data-testid="strategies-table" rowKey="id" loading={list.isPending} dataSource={list.data ?? []} pagination={false}
        onRow={(r) => ({ 'data-testid': `strategy-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('strategy.name'), dataIndex: 'name' },
          { title: t('strategy.client'), render: (_, r) => r.clientName ?? t('strategy.default') },
          { title: t('strategy.version'), dataIndex: 'currentVersion', width: 90 },
          { title: t('strategy.status'), render: (_, r) => (r.active ? <Tag color="green">{t('strategy.active')}</Tag> : <Tag>{t('strategy.inactive')}</Tag>) },
          { title: t('strategy.updatedAt'), render: (_, r) => formatDateTime(r.updatedAt, i18n.language) },
          { title: '', render: (_, r) => can('strategy.manage') && (
            <Space>
              <Button size="small" data-testid={`strategy-edit-${r.id}`} onClick={() => setEditing(r.id)}>{t('strategy.edit')}</Button>
              <Button size="small" data-testid={`strategy-toggle-${r.id}`} onClick={() => active.mutate({ id: r.id, active: !r.active })}>{r.active ? t('strategy.deactivate') : t('strategy.activate')}</Button>
            </Space>
          ) },
        ]} />
      <Drawer open={editing !== 'closed'} width={980} destroyOnHidden title={editing === null ? t('strategy.create') : t('strategy.edit')} onClose={() => setEditing('closed')}>
        {editing !== 'closed' && <Editor id={editing} onClose={() => setEditing('closed')} />}
      </Drawer>
    </Card>
  );
}
