/** 协催队列 / Assist queue (issue 5 item 7, assists.work): the team's requests by due time; take and complete. */
import { useState } from 'react';
import { App as AntApp, Button, Card, Input, Modal, Space, Switch, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { AssistItem } from '@recova/contracts';
import { errorMessage } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { useAssistAction, useAssistQueue } from './api';
import { AssistStatus } from './AssistsPanel';

export default function AssistsQueuePage() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [overdue, setOverdue] = useState(false);
  const queue = useAssistQueue(overdue);
  const act = useAssistAction();
  const [completing, setCompleting] = useState<AssistItem | null>(null);
  const [result, setResult] = useState('');
  const onError = (e: unknown) => void message.error(errorMessage(t, e));
  return (
    <Card title={t('assists.queue')} extra={<Space>{t('assists.onlyOverdue')}<Switch data-testid="queue-overdue" checked={overdue} onChange={setOverdue} /></Space>}>
      <Table<AssistItem> size="small" rowKey="id" data-testid="assist-queue" loading={queue.isLoading} dataSource={queue.data ?? []}
        columns={[
          { title: t('letters.case'), dataIndex: 'caseRef', render: (v: string, r) => <Link to={`/cases/${r.caseId}`}>{v ?? r.caseId}</Link> },
          { title: t('assists.typeLabel'), dataIndex: 'type', render: (v: string) => t(`assists.type.${v}`) },
          { title: t('assists.note'), dataIndex: 'note' },
          { title: t('assists.requestedBy'), dataIndex: 'requestedBy' },
          { title: t('assists.dueAt'), dataIndex: 'dueAt', render: (v: string) => formatDateTime(v, i18n.language) },
          { title: t('common.status'), key: 's', render: (_: unknown, r) => <AssistStatus a={r} /> },
          { title: t('assists.assignee'), dataIndex: 'assignee' },
          { title: t('common.actions'), key: 'a', render: (_: unknown, r) => (
            <Space>
              {r.status === 'open' && <Button size="small" data-testid={`assist-take-${r.id}`} onClick={() => act.mutate({ id: r.id, action: 'take' }, { onError })}>{t('assists.take')}</Button>}
              <Button size="small" type="primary" data-testid={`assist-complete-${r.id}`} onClick={() => { setResult(''); setCompleting(r); }}>{t('assists.complete')}</Button>
            </Space>
          ) },
        ]} />
      <Modal open={!!completing} title={t('assists.complete')} onCancel={() => setCompleting(null)} okButtonProps={{ disabled: !result.trim(), loading: act.isPending }}
        onOk={() => completing && act.mutate({ id: completing.id, action: 'complete', result }, { onSuccess: () => setCompleting(null), onError })}>
        <Input.TextArea data-testid="assist-result" rows={4} value={result} onChange={(e) => setResult(e.target.value)} placeholder={t('assists.result')} />
      </Modal>
    </Card>
  );
}
