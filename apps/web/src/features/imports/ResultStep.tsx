import { Alert, Button, Card, Col, Progress, Row, Space, Statistic, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ImportItem, ImportRowError } from '@recova/contracts';
import { isTerminal, useImport } from './api';
import { ImportStatusTag } from './ImportStatusTag';
import { ApiErrorAlert } from '../../shared/errors';
import { apiUrl } from '../../shared/api';
import { formatDateTime, formatInt } from '../../shared/format';

export function ResultStep({ importId, initial, actions }: { importId: number; initial?: ImportItem; actions: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const q = useImport(importId, true);
  const item = q.data ?? initial;

  if (!item) return <ApiErrorAlert error={q.error} />;
  const done = isTerminal(item.status);
  const r = item.result;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ApiErrorAlert error={q.error} />
      <Space wrap>
        <Typography.Text strong>{item.fileName}</Typography.Text>
        <Typography.Text type="secondary">{t(`importKind.${item.kind}`, { defaultValue: item.kind })}</Typography.Text>
        <ImportStatusTag status={item.status} />
        {item.finishedAt && <Typography.Text type="secondary">{formatDateTime(item.finishedAt, locale)}</Typography.Text>}
      </Space>

      {!done && (
        <Card size="small" data-testid="import-progress">
          <Progress percent={99} status="active" showInfo={false} />
          <Typography.Text>
            {t('imports.progressText', { rows: formatInt(item.progress.rowsRead, locale), phase: t(`importPhase.${item.progress.phase}`, { defaultValue: item.progress.phase }) })}
          </Typography.Text>
        </Card>
      )}

      {item.status === 'failed' && (
        <Alert data-testid="import-failure" type="error" showIcon title={t('imports.failed')} description={item.failure ?? undefined} />
      )}

      {done && r && (
        <Card size="small" data-testid="import-result">
          <Row gutter={16}>
            <Col xs={12} md={4}>
              <Statistic title={t('imports.rows')} value={r.rows} valueRender={() => <span data-testid="result-rows">{r.rows}</span>} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={t('imports.imported')} value={r.imported} styles={{ content: { color: '#389e0d' } }} valueRender={() => <span data-testid="result-imported">{r.imported}</span>} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={t('imports.updated')} value={r.updated} valueRender={() => <span data-testid="result-updated">{r.updated}</span>} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={t('imports.unchanged')} value={r.unchanged} valueRender={() => <span data-testid="result-unchanged">{r.unchanged}</span>} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic
                title={t('imports.rejected')}
                value={r.rejected}
                styles={{ content: { color: r.rejected ? '#cf1322' : undefined } }}
                valueRender={() => <span data-testid="result-rejected">{r.rejected}</span>}
              />
            </Col>
          </Row>
        </Card>
      )}

      {done && item.errorCount > 0 && (
        <Card
          size="small"
          title={t('imports.rejectedRows', { count: item.errorCount })}
          extra={
            <Button icon={<DownloadOutlined />} href={apiUrl(`/imports/${item.id}/errors.xlsx`)} data-testid="import-errors-download">
              {t('imports.downloadErrors')}
            </Button>
          }
        >
          {item.errors.length < item.errorCount && (
            <Typography.Paragraph type="secondary">{t('imports.errorsTruncated', { shown: item.errors.length, total: item.errorCount })}</Typography.Paragraph>
          )}
          <Table<ImportRowError & { key: number }>
            data-testid="import-errors-table"
            size="small"
            dataSource={item.errors.map((e, i) => ({ ...e, key: i }))}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 800 }}
            columns={[
              { title: t('errorDetails.row'), dataIndex: 'row', width: 70 },
              { title: t('errorDetails.column'), dataIndex: 'column', width: 160 },
              { title: t('errorDetails.value'), dataIndex: 'value', width: 200, ellipsis: true },
              { title: t('errorDetails.code'), dataIndex: 'code', width: 160 },
              // the server's message is English and names the exact problem ("installment 1 … is already on row 8");
              // other languages show the code's translated text (rowErrors), the server's text as a tooltip
              {
                title: t('errorDetails.message'),
                dataIndex: 'message',
                render: (m: string, e) => (i18n.language.startsWith('en') ? m : <span title={m}>{t(`rowErrors.${e.code}`, { defaultValue: m })}</span>),
              },
            ]}
          />
        </Card>
      )}

      {done && <Space>{actions}</Space>}
    </Space>
  );
}
