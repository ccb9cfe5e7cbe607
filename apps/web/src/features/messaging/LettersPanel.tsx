/** Workbench panel 信函 (issue 5 item 6): generate a letter for this case and download its PDF. */
import { useState } from 'react';
import { App as AntApp, Button, Card, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LetterItem } from '@recova/contracts';
import type { WorkbenchPanelProps } from '../cases/workbench-panels';
import { useCan } from '../../app/auth';
import { errorMessage } from '../../shared/errors';
import { useGenerateLetters, useLetters, useTemplates } from './api';

export const LETTER_STATUS_COLOR: Record<string, string> = { generated: 'default', blocked: 'volcano', printed: 'blue', sent: 'green', returned: 'orange' };

export function LettersPanel({ caseId }: WorkbenchPanelProps) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = AntApp.useApp();
  const templates = useTemplates('letter');
  const letters = useLetters({ caseId });
  const generate = useGenerateLetters();
  const [templateId, setTemplateId] = useState<number>();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="letters-panel">
      {can('contacts.write') && (
        <Card size="small">
          <Space>
            <Select data-testid="letter-template" style={{ minWidth: 240 }} placeholder={t('messaging.template')} value={templateId} onChange={setTemplateId}
              options={(templates.data ?? []).map((x) => ({ value: x.id, label: `${x.name} (${x.locale})` }))} />
            <Button type="primary" data-testid="letter-generate" disabled={!templateId} loading={generate.isPending}
              onClick={() => templateId && generate.mutate({ templateId, caseIds: [caseId] }, {
                onSuccess: (r) => { if (r.letters[0]) window.open(`/api/letters/${r.letters[0].id}/pdf`, '_blank'); },
                onError: (e) => void message.error(errorMessage(t, e)),
              })}>
              {t('letters.generate')}
            </Button>
          </Space>
        </Card>
      )}
      <Table<LetterItem> size="small" rowKey="id" data-testid="letters-table" loading={letters.isLoading} dataSource={letters.data ?? []} pagination={false}
        columns={[
          { title: t('letters.no'), dataIndex: 'letterNo' },
          { title: t('letters.date'), dataIndex: 'letterDate' },
          { title: t('letters.address'), dataIndex: 'address' },
          { title: t('messaging.template'), dataIndex: 'templateName' },
          { title: t('common.status'), dataIndex: 'status', render: (v: string) => <Tag color={LETTER_STATUS_COLOR[v]}>{t(`letters.status.${v}`)}</Tag> },
          { title: '', key: 'pdf', render: (_: unknown, r) => r.status !== 'blocked' && <a href={`/api/letters/${r.id}/pdf`} target="_blank" rel="noreferrer" data-testid="letter-pdf">PDF</a> },
        ]} />
    </Space>
  );
}
