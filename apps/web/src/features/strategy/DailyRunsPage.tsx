/** Daily runs (status and counts, start one on demand) and the champion/challenger comparison. */
import { useState } from 'react';
import { Button, Card, DatePicker, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ArmReportRow, DailyRunInfo } from '@recova/contracts';
import { useCan } from '../../app/auth';
import { ApiErrorAlert } from '../../shared/errors';
import { formatDateTime, formatInt } from '../../shared/format';
import { bpToPercent, formatMoney } from '../../shared/money';
import { useArmReport, useDailyRuns, useStartRun } from './api';

const COLORS: Record<string, string> = { done: 'green', running: 'blue', failed: 'red' };

export default function DailyRunsPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const runs = useDailyRuns();
  const start = useStartRun();
  const [day, setDay] = useState<string | undefined>();
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const report = useArmReport(can('reports.read') ? range : null);
  const n = (x: number) => formatInt(x, i18n.language);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('dailyRun.title')} extra={can('strategy.manage') && (
        <Space>
          <DatePicker data-testid="run-date" onChange={(d) => setDay(d ? d.format('YYYY-MM-DD') : undefined)} />
          <Button data-testid="run-start" type="primary" loading={start.isPending} onClick={() => start.mutate({ date: day })}>{t('dailyRun.start')}</Button>
          <Button data-testid="run-refresh" onClick={() => void runs.refetch()}>{t('dailyRun.refresh')}</Button>
        </Space>
      )}>
        <ApiErrorAlert error={runs.error ?? start.error} />
        <Table<DailyRunInfo> data-testid="runs-table" rowKey="id" size="small" loading={runs.isPending} dataSource={runs.data ?? []} pagination={false}
          onRow={(r) => ({ 'data-testid': `run-row-${r.runDay}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('dailyRun.day'), dataIndex: 'runDay' },
            { title: t('dailyRun.status'), render: (_, r) => <Tag color={COLORS[r.status]}>{t(`dailyRun.statuses.${r.status}`)}</Tag> },
            { title: t('dailyRun.trigger'), render: (_, r) => t(`dailyRun.triggers.${r.trigger}`) },
            { title: t('dailyRun.cases'), align: 'right', render: (_, r) => n(r.casesAged) },
            { title: t('dailyRun.snapshots'), align: 'right', render: (_, r) => n(r.snapshots) },
            { title: t('dailyRun.actions'), render: (_, r) => `${t('dailyRun.done')} ${n(r.actions.done)} · ${t('dailyRun.blocked')} ${n(r.actions.blocked)} · ${t('dailyRun.failed')} ${n(r.actions.failed)} · ${t('dailyRun.pending')} ${n(r.actions.pending)}` },
            { title: t('dailyRun.attempts'), dataIndex: 'attempts', width: 80 },
            { title: t('dailyRun.finishedAt'), render: (_, r) => formatDateTime(r.finishedAt, i18n.language) },
            { title: t('dailyRun.error'), dataIndex: 'error', ellipsis: true },
          ]} />
      </Card>
      {can('reports.read') && (
        <Card title={t('dailyRun.armReport')} extra={<DatePicker.RangePicker data-testid="report-range" onChange={(v) => setRange(v?.[0] && v[1] ? { from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') } : null)} />}>
          <ApiErrorAlert error={report.error} />
          <Table<ArmReportRow> data-testid="arm-report" rowKey={(r) => `${r.strategyId}-${r.segmentId}-${r.arm}`} size="small" dataSource={report.data ?? []} pagination={false} columns={[
            { title: t('dailyRun.strategy'), dataIndex: 'strategyId' },
            { title: t('strategy.segment'), dataIndex: 'segmentId' },
            { title: t('dailyRun.arm'), render: (_, r) => t(`dailyRun.arms.${r.arm}`) },
            { title: t('dailyRun.cases'), align: 'right', render: (_, r) => n(r.cases) },
            { title: t('dailyRun.contactRate'), align: 'right', render: (_, r) => bpToPercent(r.contactRateBp) },
            { title: t('dailyRun.ptpRate'), align: 'right', render: (_, r) => bpToPercent(r.ptpRateBp) },
            { title: t('dailyRun.keptRate'), align: 'right', render: (_, r) => bpToPercent(r.keptRateBp) },
            { title: t('dailyRun.recovered'), align: 'right', render: (_, r) => (r.recovered === null ? '—' : formatMoney(r.recovered, 'CNY', i18n.language)) },
            { title: t('dailyRun.recoveryRate'), align: 'right', render: (_, r) => (r.recoveryRateBp === null ? '—' : bpToPercent(r.recoveryRateBp)) },
          ]} />
        </Card>
      )}
    </Space>
  );
}
