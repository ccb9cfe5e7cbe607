/**
 * 信函管理 / Letters (issue 5 item 6, letters.manage): generate a print batch for many cases (one
 * PDF, one letter per page), download batches, and register letters as printed, sent or returned.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LETTER_STATUSES, type LetterItem } from '@recova/contracts';
import { errorMessage } from '../../shared/errors';
import { useGenerateLetters, useLetters, useLetterStatus, useTemplates } from './api';
import { LETTER_STATUS_COLOR } from './LettersPanel';

export default function LettersPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<string | undefined>('generated');
  const letters = useLetters({ status });
  const templates = useTemplates('letter');
  const generate = useGenerateLetters();
  const setLetterStatus = useLetterStatus();
  const [templateId, setTemplateId] = useState<number>();
  const [caseIds, setCaseIds] = useState('');
  const [selected, setSelected] = useState<number[]>([]);
  const ids = caseIds.split(/[\s,，;]+/).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const mark = (s: string) => setLetterStatus.mutate({ ids: selected, status: s }, { onSuccess: () => setSelected([]), onError: (e) => void message.error(errorMessage(t, e)) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('letters.batchTitle')}>
        <Space wrap align="start">
          <Select data-testid="batch-template" style={{ minWidth: 240 }} placeholder={t('messaging.template')} value={templateId} onChange={setTemplateId}
            options={(templates.data ?? []).map((x) => ({ value: x.id, label: `${x.name} (${x.locale})` }))} />
          <Input.TextArea data-testid="batch-case-ids" rows={2} style={{ width: 360 }} placeholder={t('letters.caseIds')} value={caseIds} onChange={(e) => setCaseIds(e.target.value)} />
          <Button type="primary" data-testid="batch-generate" disabled={!templateId || !ids.length} loading={generate.isPending}
            onClick={() => templateId && generate.mutate({ templateId, caseIds: ids }, {
              onSuccess: (r) => {
                void message.info(t('letters.generated', { n: r.letters.length, blocked: r.blocked.length }));
                if (r.printBatch) window.open(`/api/letters/batches/${r.printBatch}/pdf`, '_blank');
              },
              onError: (e) => void message.error(errorMessage(t, e)),
            })}>
            {t('letters.generateBatch')}
          </Button>
        </Space>
        {generate.data && generate.data.blocked.length > 0 && (
          <Typography.Paragraph type="warning" data-testid="batch-blocked">
            {generate.data.blocked.map((b) => `#${b.caseId}: ${b.reasons.join('; ')}`).join(' · ')}
          </Typography.Paragraph>
        )}
      </Card>
      <Card title={t('letters.title')} extra={
        <Space>
          <Select allowClear style={{ width: 140 }} value={status} onChange={setStatus} placeholder={t('common.status')} options={LETTER_STATUSES.map((s) => ({ value: s, label: t(`letters.status.${s}`) }))} />
          {(['printed', 'sent', 'returned'] as const).map((s) => (
            <Button key={s} data-testid={`letters-mark-${s}`} disabled={!selected.length} onClick={() => mark(s)}>{t(`letters.mark.${s}`)}</Button>
          ))}
        </Space>
      }>
        <Table<LetterItem> size="small" rowKey="id" data-testid="letters-page-table" loading={letters.isLoading} dataSource={letters.data ?? []}
          rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]) }}
          columns={[
            { title: t('letters.no'), dataIndex: 'letterNo' },
            { title: t('letters.case'), dataIndex: 'caseRef' },
            { title: t('letters.date'), dataIndex: 'letterDate' },
            { title: t('letters.address'), dataIndex: 'address' },
            { title: t('common.status'), dataIndex: 'status', render: (v: string) => <Tag color={LETTER_STATUS_COLOR[v]}>{t(`letters.status.${v}`)}</Tag> },
            { title: t('letters.printBatch'), dataIndex: 'printBatch', render: (v: string | null) => v && <a href={`/api/letters/batches/${v}/pdf`} target="_blank" rel="noreferrer">{v}</a> },
            { title: '', key: 'pdf', render: (_: unknown, r) => r.status !== 'blocked' && <a href={`/api/letters/${r.id}/pdf`} target="_blank" rel="noreferrer">PDF</a> },
          ]} />
      </Card>
    </Space>
  );
}
