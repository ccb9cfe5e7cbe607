/** Compliance report (reports.read): blocks by rule, overrides by user, attempts per debtor-week, contacts outside hours. */
import { useState } from 'react';
import { Card, Col, DatePicker, Row, Space, Statistic, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../shared/errors';
import { useComplianceReport } from './api';

export default function ComplianceReportPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(6, 'day'), dayjs()]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const q = useComplianceReport(from, to);
  const r = q.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('contacts.report.title')} extra={<DatePicker.RangePicker data-testid="report-range" value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />}>
        <ApiErrorAlert error={q.error} />
        <Row gutter={16}>
          <Col xs={12} md={6}><Statistic title={t('contacts.report.attempts')} value={r?.attempts ?? '—'} /></Col>
          <Col xs={12} md={6}><Statistic title={t('contacts.report.made')} value={r?.made ?? '—'} /></Col>
          <Col xs={12} md={6}><Statistic title={t('contacts.report.blocked')} value={r?.blocked ?? '—'} /></Col>
          <Col xs={12} md={6}>
            <Statistic title={t('contacts.report.outsideHours')} value={r?.outsideHours.count ?? '—'} valueStyle={{ color: r && r.outsideHours.count > 0 ? '#cf1322' : undefined }}
              valueRender={(n) => <span data-testid="report-outside-hours">{n}</span>} />
          </Col>
        </Row>
        {r && r.outsideHours.count > 0 && <div>{t('contacts.report.records')}: {r.outsideHours.recordIds.map((id) => <Tag key={id}>#{id}</Tag>)}</div>}
      </Card>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Card title={t('contacts.report.blocksByRule')}>
            <Table data-testid="report-blocks" size="small" rowKey="ruleId" pagination={false} loading={q.isPending} dataSource={r?.blocksByRule ?? []}
              columns={[{ title: t('contacts.report.rule'), dataIndex: 'ruleId' }, { title: t('contacts.report.count'), dataIndex: 'count', width: 90 }]} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title={t('contacts.report.overridesByUser')}>
            <Table data-testid="report-overrides" size="small" rowKey={(x) => String(x.userId)} pagination={false} loading={q.isPending} dataSource={r?.overridesByUser ?? []}
              columns={[{ title: t('caseDetail.user'), dataIndex: 'user', render: (v: string | null) => v ?? '—' }, { title: t('contacts.report.count'), dataIndex: 'count', width: 90 }]} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title={t('contacts.report.perDebtorWeek', { max: r?.attemptsPerDebtorWeek.max ?? 0 })}>
            <Table data-testid="report-per-week" size="small" rowKey="attempts" pagination={false} loading={q.isPending} dataSource={r?.attemptsPerDebtorWeek.distribution ?? []}
              columns={[{ title: t('contacts.report.attemptsPerWeek'), dataIndex: 'attempts' }, { title: t('contacts.report.debtorWeeks'), dataIndex: 'debtorWeeks', width: 110 }]} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
