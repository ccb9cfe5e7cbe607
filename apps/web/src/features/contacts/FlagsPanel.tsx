/** Contact flags of the case and of the person (who/when), set and clear for users with `cases.flags`. */
import { useState } from 'react';
import { Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { CONTACT_FLAGS, type CaseDetail, type CaseFlagItem } from '@recova/contracts';
import { useCan } from '../../app/auth';
import { ApiErrorAlert } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { useClearFlag, useFlags, useSetFlag } from './api';

export function FlagsPanel({ c }: { c: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const can = useCan();
  const q = useFlags(c.id);
  const set = useSetFlag(c.id);
  const clear = useClearFlag(c.id);
  const [adding, setAdding] = useState(false);
  const [clearing, setClearing] = useState<CaseFlagItem | null>(null);
  const [reason, setReason] = useState('');
  const [form] = Form.useForm<{ flag: string; level: 'case' | 'person'; phoneId?: number; note?: string; until?: string }>();
  const flag = Form.useWatch('flag', form);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ApiErrorAlert error={q.error ?? clear.error} />
      {can('cases.flags') && <Button data-testid="flag-add" onClick={() => setAdding(true)}>{t('contacts.flags.add')}</Button>}
      <Table<CaseFlagItem>
        data-testid="case-flags"
        size="small"
        rowKey="id"
        pagination={false}
        loading={q.isPending}
        dataSource={q.data ?? []}
        columns={[
          { title: t('contacts.flags.flag'), dataIndex: 'flag', render: (v: string, r) => <Tag color={r.active ? 'red' : 'default'} data-testid={`flag-${v}`}>{t(`contacts.flagNames.${v}`, { defaultValue: v })}</Tag> },
          { title: t('contacts.flags.level'), dataIndex: 'level', render: (v: string) => t(`contacts.flags.levels.${v}`) },
          { title: t('contacts.flags.setBy'), key: 'set', render: (_: unknown, r) => `${r.setBy ?? '—'} · ${formatDateTime(r.setAt, locale)}` },
          { title: t('contacts.flags.until'), dataIndex: 'until', render: (v: string | null) => formatDateTime(v, locale) },
          { title: t('caseDetail.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
          { title: t('contacts.flags.cleared'), key: 'cleared', render: (_: unknown, r) => (r.clearedAt ? `${r.clearedBy ?? '—'} · ${formatDateTime(r.clearedAt, locale)} · ${r.clearReason ?? ''}` : '') },
          {
            title: '', key: 'act', render: (_: unknown, r) =>
              can('cases.flags') && !r.clearedAt ? <Button size="small" data-testid={`flag-clear-${r.id}`} onClick={() => { setClearing(r); setReason(''); }}>{t('contacts.flags.clear')}</Button> : null,
          },
        ]}
      />
      <Modal open={adding} title={t('contacts.flags.add')} onCancel={() => setAdding(false)} onOk={() => form.submit()} confirmLoading={set.isPending} destroyOnHidden>
        <ApiErrorAlert error={set.error} />
        <Form form={form} layout="vertical" initialValues={{ level: 'case' }} onFinish={(v) => set.mutate({ ...v, until: v.until ? new Date(v.until).toISOString() : undefined }, { onSuccess: () => { setAdding(false); form.resetFields(); } })}>
          <Form.Item name="flag" label={t('contacts.flags.flag')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select data-testid="flag-select" options={CONTACT_FLAGS.map((f) => ({ value: f, label: t(`contacts.flagNames.${f}`, { defaultValue: f }) }))} />
          </Form.Item>
          <Form.Item name="level" label={t('contacts.flags.level')}>
            <Select options={['case', 'person'].map((l) => ({ value: l, label: t(`contacts.flags.levels.${l}`) }))} />
          </Form.Item>
          {flag === 'do_not_call' && (
            <Form.Item name="phoneId" label={t('caseDetail.phones')}>
              <Select allowClear options={c.phones.map((p) => ({ value: p.id, label: p.number }))} />
            </Form.Item>
          )}
          <Form.Item name="until" label={t('contacts.flags.until')}><Input type="datetime-local" /></Form.Item>
          <Form.Item name="note" label={t('caseDetail.note')}><Input maxLength={500} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={!!clearing} title={t('contacts.flags.clear')} onCancel={() => setClearing(null)} okButtonProps={{ disabled: !reason.trim(), 'data-testid': 'flag-clear-ok' } as { disabled: boolean }} confirmLoading={clear.isPending}
        onOk={() => clearing && clear.mutate({ id: clearing.id, reason: reason.trim() }, { onSuccess: () => setClearing(null) })}>
        <Input.TextArea data-testid="flag-clear-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('contacts.flags.clearReason')} maxLength={500} />
      </Modal>
    </Space>
  );
}
